// Imported first by main.ts. The app hands the page its startup data in a script that runs
// before this one (window.__OCES_STARTUP__), so the first screen needs no round trip. Without
// it (an older shell, a test page) the data is asked for here, before the rest of the UI is
// evaluated, so the answer and the components load side by side. Kept light on purpose.
import { invoke } from "@tauri-apps/api/core";

declare global {
  interface Window {
    __OCES_STARTUP__?: unknown;
  }
}

export const startupRequest: Promise<unknown> =
  window.__OCES_STARTUP__ !== undefined
    ? Promise.resolve(window.__OCES_STARTUP__)
    : invoke("get_startup");
// Marked as handled here; App awaits it and shows the error.
startupRequest.catch(() => undefined);
