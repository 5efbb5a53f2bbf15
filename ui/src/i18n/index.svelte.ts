// Texts in Danish (default) and English. Keys are flat and dotted; `{name}` in a text is
// replaced by the param of that name. A Rust test checks both files have every key the flow
// tables, the error codes and this UI's calls of `t` use.
import da from "./da.json";
import en from "./en.json";
import type { Os } from "../ipc/types";

export type Lang = "da" | "en";

const dicts: Record<Lang, Record<string, string>> = { da, en };

/** `os` is set from the startup data, which Rust fills in (never from the user agent). */
export const i18n = $state({ lang: "da" as Lang, os: "linux" as Os });

export function setOs(os: Os) {
  i18n.os = os;
}

export function setLang(lang: Lang) {
  i18n.lang = lang;
  document.documentElement.lang = lang;
}

/** The text for `key`, in the form for this OS when it has one (`key@windows`). */
export function t(key: string, params?: Record<string, string | number>): string {
  const variant = `${key}@${i18n.os}`;
  const text =
    dicts[i18n.lang][variant] ?? dicts.en[variant] ?? dicts[i18n.lang][key] ?? dicts.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
