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

// Errors from these commands are not kept for the support report: the support view's own
// (a desk reading a code must not write progress of its own), a field check while typing,
// and the call that keeps them.
const NOT_NOTED = new Set([
  "note_error",
  "read_support_code",
  "open_support_report",
  "check_value",
  "probe_plan",
]);

export function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  return settle<T>(cmd, invoke<T>(cmd, args));
}

/** A command already sent (see boot.ts), with its errors handled as `call` does. */
export async function settle<T>(cmd: string, sent: Promise<unknown>): Promise<T> {
  try {
    return (await sent) as T;
  } catch (e) {
    const err: UiError = isUiError(e) ? e : { code: "internal", params: {}, message: String(e) };
    if (!isUiError(e)) console.error(`command ${cmd} failed`, e);
    if (!NOT_NOTED.has(cmd)) {
      // Only the code is sent; the Rust side keeps it with the step and the time.
      invoke("note_error", { code: err.code }).catch(() => undefined);
    }
    throw err;
  }
}

/** The translated text of an error, with its params filled in. */
export function errorText(e: unknown): string {
  if (!isUiError(e)) return t("error.internal");
  const key = `error.${e.code}`;
  const text = t(key, e.params ?? {});
  return text === key ? t("error.internal") : text;
}

/** Whether an error is about the password just typed (shown at the password field). */
export function isPasswordError(e: unknown): boolean {
  return (
    isUiError(e) &&
    (e.code === "cert.pkcs12.password_needed" || e.code === "cert.pkcs12.wrong_password")
  );
}

/** Whether the certificate's password is held for the active flow (typed once, kept in the
 *  app's memory only), so a step need not ask for it again. */
export function passwordHeld(): Promise<boolean> {
  return invoke<boolean>("password_held").catch(() => false);
}
