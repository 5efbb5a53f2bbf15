// A value of a guide link as the user reads it: the label of its field and the choice's own
// words where it is a choice ("Miljø Test (TFE)", "SE-nummer 12345678").
import { t } from "../i18n/index.svelte";

/** The words for one value of the link (`key` is the link's key: se, env, role, …). */
export function valueText(key: string, value: string): string {
  switch (key) {
    case "env":
      return t(`choice.env.${value}`);
    case "role":
      return t(value === "security_admin" ? "cug8.role_sa" : "cug8.role_user");
    case "lang":
      return t(`guide.lang.${value}`);
    default:
      return value;
  }
}

/** "SE-nummer 12345678": the field's label and the value. */
export function fillText(key: string, value: string): string {
  return `${t(`guide.value.${key}`)} ${valueText(key, value)}`;
}
