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

/** What the guide does with one value, as a phrase for the panel's sentence ("vælger
 *  testmiljøet", "udfylder SE-nummer 12345678"): a choice is chosen, a text is filled in. */
function presetPhrase(key: string, value: string): string {
  switch (key) {
    case "env":
      return t(value === "production" ? "guide.fill.env_production" : "guide.fill.env_test");
    case "role":
      return t("guide.fill.role", { role: valueText(key, value) });
    case "se":
      return t("guide.fill.se", { value });
    case "ws":
      return t("guide.fill.ws", { value });
    default:
      return t("guide.fill.other", { label: t(`guide.value.${key}`), value });
  }
}

/** The panel's sentence for the values a link or code presets, in words ("Guiden vælger
 *  testmiljøet og udfylder SE-nummer 12345678 for dig."; issue 26: "Du får udfyldt: Miljø
 *  Test, SE-nummer …" read oddly). `and` joins the last two phrases. */
export function presetSentence(fills: { key: string; value: string }[]): string {
  const parts = fills.map((f) => presetPhrase(f.key, f.value));
  const actions =
    parts.length < 2
      ? (parts[0] ?? "")
      : `${parts.slice(0, -1).join(", ")} ${t("guide.panel.and")} ${parts[parts.length - 1]}`;
  return t("guide.panel.fills", { actions });
}
