// Imported first by main.ts. The app hands the page its startup data in a script that runs
// before this one (window.__OCES_STARTUP__), so the first screen needs no round trip. That data
// is as old as the window, so after a reload it is asked for afresh; so it is without it (an
// older shell, a test page). The request goes out here, before the rest of the UI is
// evaluated, so the answer and the components load side by side. Kept light on purpose.
import { commands, type Startup } from "./ipc/bindings";

declare global {
  interface Window {
    __OCES_STARTUP__?: unknown;
    __OCES_TEXTS__?: unknown;
  }
}

const navigation = performance.getEntriesByType("navigation")[0] as
  PerformanceNavigationTiming | undefined;

/** The startup data that came with the page, when it is current. */
export const handedOver: unknown =
  navigation?.type === "reload" ? undefined : window.__OCES_STARTUP__;

/** Takes the texts of the language the window opened in, handed over with the page (still
 * right after a reload: texts do not change while the app runs, and the script that hands
 * them over runs again). The window property goes, so that once parsed the string of some
 * 130,000 characters is not kept for the life of the page (issue 31). */
export function takeHandedTexts(): unknown {
  const texts = window.__OCES_TEXTS__;
  delete window.__OCES_TEXTS__;
  return texts;
}

// What the shell hands over is the same `Startup` the command returns (commands::startup_script).
export const startupRequest: Promise<Startup> =
  handedOver !== undefined ? Promise.resolve(handedOver as Startup) : commands.getStartup();
// Marked as handled here; App awaits it and shows the error.
startupRequest.catch(() => undefined);
