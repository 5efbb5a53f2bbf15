// A value of a guide link as the user reads it, in words: what the guide will do with it
// ("vælger testmiljøet", "udfylder SE-nummer 12345678") or what the support has done.
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

/** What the guide does with one value, as a phrase ("vælger testmiljøet", "udfylder
 *  SE-nummer 12345678"): a choice is chosen, a text is filled in. `tense`: "fill" for what the
 *  guide will do (the panel), "filled" for what the support has done (the notice after
 *  "Gå dertil": "valgt testmiljøet", "udfyldt SE-nummer 12345678"). */
function presetPhrase(key: string, value: string, tense: "fill" | "filled"): string {
  switch (key) {
    case "env":
      return t(`guide.${tense}.env_${value === "production" ? "production" : "test"}`);
    case "role":
      return t(`guide.${tense}.role`, { role: valueText(key, value) });
    case "se":
      return t(`guide.${tense}.se`, { value });
    case "ws":
      return t(`guide.${tense}.ws`, { value });
    default:
      return t(`guide.${tense}.other`, { label: t(`guide.value.${key}`), value });
  }
}

/** The phrases joined in the user's language: "a, b og c". */
function joined(fills: { key: string; value: string }[], tense: "fill" | "filled"): string {
  const parts = fills.map((f) => presetPhrase(f.key, f.value, tense));
  return parts.length < 2
    ? (parts[0] ?? "")
    : `${parts.slice(0, -1).join(", ")} ${t("guide.panel.and")} ${parts[parts.length - 1]}`;
}

/** What the support has done, for the notice on the step after "Gå dertil" ("valgt
 *  testmiljøet og udfyldt SE-nummer 12345678"), in the words of the panel's sentence (issue
 *  26: the notice said "Din support har udfyldt: Miljø Test, SE-nummer …"). */
export function doneActions(fills: { key: string; value: string }[]): string {
  return joined(fills, "filled");
}

/** The panel's sentence for the values a link or code presets, in words ("Guiden vælger
 *  testmiljøet og udfylder SE-nummer 12345678 for dig."; issue 26: "Du får udfyldt: Miljø
 *  Test, SE-nummer …" read oddly). `and` joins the last two phrases. */
export function presetSentence(fills: { key: string; value: string }[]): string {
  return t("guide.panel.fills", { actions: joined(fills, "fill") });
}
