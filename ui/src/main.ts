import { handedOver, startupRequest, takeHandedTexts } from "./boot";
import "dkfds-css";
import "./app.css";
import { flushSync, mount } from "svelte";
import App from "./App.svelte";
import type { Startup } from "./ipc/bindings";
import { hasTexts, loadTexts, takeHandedOver, type Lang } from "./i18n/index.svelte";

/** Loads the texts of the language the window opens in (or else of the other one). */
async function loadStartTexts(): Promise<void> {
  const lang: Lang = await startupRequest.then(
    (s) => s.language,
    () => "da",
  );
  try {
    await loadTexts(lang);
  } catch {
    await loadTexts(lang === "da" ? "en" : "da").catch(() => undefined);
  }
}

// The texts come with the page as a rule (boot.ts); after a reload or from an older shell
// they are loaded before anything is drawn.
const handed = takeHandedOver(takeHandedTexts());
const opening = (handedOver as Startup | undefined)?.language;
if (!(opening && hasTexts(opening))) await loadStartTexts();
// How the texts came (the end-to-end tests check that they come with the page).
document.body.dataset.texts = handed !== null && handed === opening ? "handed-over" : "loaded";

performance.mark("app:script");
const target = document.getElementById("app");
if (target) {
  // With the startup data handed over (boot.ts), App draws the first screen during mount.
  mount(App, {
    target,
    props: { initial: handedOver as Startup | undefined, startupRequest },
  });
  // Run onMount now rather than after the first frame.
  flushSync();
}
