// Calls into the Rust side. A rejected call always becomes a UiError `{code, params, message}`;
// anything else (a bug, a missing command) becomes the `internal` code.
import { invoke } from "@tauri-apps/api/core";
import type { UiError } from "./types";
import { t } from "../i18n/index.svelte";

export function isUiError(e: unknown): e is UiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as UiError).code === "string" &&
    typeof (e as UiError).message === "string"
  );
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isUiError(e)) throw e;
    console.error(`command ${cmd} failed`, e);
    throw { code: "internal", params: {}, message: String(e) } satisfies UiError;
  }
}

/** The translated text of an error, with its params filled in. */
export function errorText(e: unknown): string {
  if (!isUiError(e)) return t("error.internal");
  const key = `error.${e.code}`;
  const text = t(key, e.params ?? {});
  return text === key ? t("error.internal") : text;
}
