// Texts in Danish (default) and English. Keys are flat and dotted; `{name}` in a text is
// replaced by the param of that name. A Rust test checks both files have every key the flow
// tables, the error codes and this UI's calls of `t` use.
//
// The language the window opens in comes with the page (commands::startup_script hands its
// file over as one string, see `takeHandedOver`), so the page's own code carries no texts: the
// texts of both languages were two thirds of it, and the window read them all before the
// first screen. The other language is a chunk of its own, loaded when it is chosen
// (`loadTexts`). Each is parsed once, with JSON.parse.
import type { Os } from "../ipc/bindings";

export type Lang = "da" | "en";

const chunks: Record<Lang, () => Promise<{ default: string }>> = {
  da: () => import("./da.json?raw"),
  en: () => import("./en.json?raw"),
};
const parsed: Partial<Record<Lang, Record<string, string>>> = {};

function isLang(v: unknown): v is Lang {
  return v === "da" || v === "en";
}

/**
 * Takes the texts handed over with the page (`{ lang, json }`); returns the language they are
 * for, or null when there are none or they cannot be read.
 */
export function takeHandedOver(handed: unknown): Lang | null {
  if (typeof handed !== "object" || handed === null) return null;
  const { lang, json } = handed as { lang?: unknown; json?: unknown };
  if (!isLang(lang) || typeof json !== "string") return null;
  try {
    parsed[lang] ??= JSON.parse(json) as Record<string, string>;
    return lang;
  } catch {
    return null;
  }
}

/** Whether `lang`'s texts are there to be shown. */
export function hasTexts(lang: Lang): boolean {
  return parsed[lang] !== undefined;
}

/** Whether a text `key` exists (in the language shown, or English). */
export function hasText(key: string): boolean {
  return (parsed[i18n.lang] ?? {})[key] !== undefined || (parsed.en ?? {})[key] !== undefined;
}

/** Makes `lang`'s texts available, loading them the first time. */
export async function loadTexts(lang: Lang): Promise<void> {
  if (parsed[lang]) return;
  const text = (await chunks[lang]()).default;
  parsed[lang] ??= JSON.parse(text) as Record<string, string>;
}

/** Each flow's step codes in order, from the flow tables (set from the startup data). */
let flowSteps: string[][] = [];

export function setFlows(flows: { steps: { code: string }[] }[]) {
  flowSteps = flows.map((f) => f.steps.map((s) => s.code));
}

/**
 * A text names another step as `{step:DMS-4}`; it reads "trin 4: Hent dit bruger-id" (the
 * step's place and title from the flow tables), so sentences never use step codes as words.
 */
function stepRefs(text: string): string {
  if (!text.includes("{step:")) return text;
  return text.replace(/\{step:([A-Z]+-[0-9]+)\}/g, (_, code: string) => stepName(code));
}

/** A step's place in its flow, counted from 1 (0 if the code is unknown). */
export function stepNumber(code: string): number {
  const flow = flowSteps.find((f) => f.includes(code));
  return flow ? flow.indexOf(code) + 1 : 0;
}

/** "trin 4: Find det hentede certifikat" for a step code (the code itself if unknown). */
export function stepName(code: string): string {
  const flow = flowSteps.find((f) => f.includes(code));
  if (!flow) return code;
  return t("ui.step_ref", { n: flow.indexOf(code) + 1, title: t(`step.${code}.title`) });
}

/** `os` is set from the startup data, which Rust fills in (never from the user agent). */
export const i18n = $state({ lang: "da" as Lang, os: "linux" as Os });

export function setOs(os: Os) {
  i18n.os = os;
}

export function setLang(lang: Lang) {
  i18n.lang = lang;
  document.documentElement.lang = lang;
}

/**
 * The text for `key`, in the form for this OS when it has one (`key@windows`). With a
 * `count` of 1 the singular `key.one` is used when there is one ("1 certifikat", "3
 * certifikater"); the plain key is the plural.
 */
export function t(key: string, params?: Record<string, string | number>): string {
  // A language whose texts could not be loaded shows the other one rather than keys.
  const d = parsed[i18n.lang] ?? parsed.en ?? parsed.da ?? {};
  const en = parsed.en ?? {};
  const one = params?.count === 1 || params?.count === "1"; // error params arrive as text
  // Both files have the same keys (checked by a Rust test); English, when it is loaded,
  // fills a gap all the same.
  if (one && d[`${key}.one`]) key = `${key}.one`;
  const variant = `${key}@${i18n.os}`;
  const text = stepRefs(d[variant] ?? d[key] ?? en[variant] ?? en[key] ?? key);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/**
 * A date and time the way the language writes it: "28. november 2026 kl. 06.41" in Danish,
 * "28 November 2026, 06:41" in English, in the computer's time zone. Takes RFC 3339
 * (`2026-11-28T06:41:00Z`), a form field's `2026-11-28T06:41`, or seconds since 1970. A value
 * that is not a date is shown as it is.
 */
export function dateTime(when: string | number): string {
  const d = typeof when === "number" ? new Date(when * 1000) : new Date(when);
  if (isNaN(d.getTime())) return String(when);
  const locale = t("inspect.locale");
  const date = d.toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric" });
  const time = d
    .toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", hour12: false })
    .replace(":", i18n.lang === "da" ? "." : ":");
  return t("ui.date_time", { date, time });
}

/**
 * When a file was saved, the way a person says it: "i dag kl. 10.12" / "today at 10:12" for
 * today, else the date and time ("6. december 2026 kl. 10.12").
 */
export function savedWhen(secs: number): string {
  const d = new Date(secs * 1000);
  if (isNaN(d.getTime())) return String(secs);
  if (d.toDateString() !== new Date().toDateString())
    return t("files.on_date", { date: dateTime(secs) });
  const time = d
    .toLocaleTimeString(t("inspect.locale"), { hour: "2-digit", minute: "2-digit", hour12: false })
    .replace(":", i18n.lang === "da" ? "." : ":");
  return t("files.today_at", { time });
}

/** A date the way the language writes it: "28. november 2026" / "28 November 2026". */
export function dateOnly(when: string): string {
  const d = new Date(when);
  if (isNaN(d.getTime())) return when;
  return d.toLocaleDateString(t("inspect.locale"), {
    day: "numeric",
    month: "long",
    year: "numeric",
  });
}

/**
 * The text for `key` in `lang` rather than the window's language (its texts loaded first with
 * `loadTexts`), for what is written in both languages at once (the support view's messages).
 */
export function tIn(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const d = parsed[lang] ?? {};
  const text = d[`${key}@${i18n.os}`] ?? d[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
