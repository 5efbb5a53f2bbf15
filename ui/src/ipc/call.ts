// Calls into the Rust side. The commands and their types are generated from the Rust code
// (./bindings.ts, see src-tauri/src/bindings.rs); the UI calls them through `ipc`, which has
// the same typed functions. A rejected call always becomes a UiError `{code, params, message}`;
// anything else (a bug, a missing command) becomes the `internal` code.
import { commands, type UiError } from "./bindings";
import { stepName, t } from "../i18n/index.svelte";

type Commands = typeof commands;
type Command = keyof Commands;

export function isUiError(e: unknown): e is UiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as UiError).code === "string" &&
    typeof (e as UiError).message === "string"
  );
}

/** The command's name on the Rust side (`getStartup` → `get_startup`), for the console. */
const rustName = (cmd: string) => cmd.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A command already sent (see boot.ts), with its errors handled as every `ipc` call's. */
export async function settle<T>(cmd: Command, sent: Promise<T>): Promise<T> {
  try {
    return await sent;
  } catch (e) {
    const err: UiError = isUiError(e) ? e : { code: "internal", params: {}, message: String(e) };
    if (!isUiError(e)) console.error(`command ${rustName(cmd)} failed`, e);
    // The Rust side keeps the error for the support report itself (where it happens).
    throw err;
  }
}

/** Every command of the Rust side, typed; a rejection is a UiError (see `settle`). */
export const ipc: Commands = Object.fromEntries(
  Object.entries(commands).map(([cmd, send]) => [
    cmd,
    (...args: unknown[]) =>
      settle(cmd as Command, (send as (...a: unknown[]) => Promise<unknown>)(...args)),
  ]),
) as Commands;

/** The translated text of an error, with its params filled in. */
export function errorText(e: unknown): string {
  if (!isUiError(e)) return t("error.internal");
  const key = `error.${e.code}`;
  const params = { ...(e.params ?? {}) };
  // A locked step is named by its number and title, not its code.
  if (e.code === "wizard.step_locked" && params.step) params.step = stepName(params.step);
  const text = t(key, params);
  return text === key ? t("error.internal") : text;
}

/** Whether an error is about the password just typed (shown at the password field). */
export function isPasswordError(e: unknown): boolean {
  return (
    isUiError(e) &&
    (e.code === "cert.pkcs12.password_needed" || e.code === "cert.pkcs12.wrong_password")
  );
}
