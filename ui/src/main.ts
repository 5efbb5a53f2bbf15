import { handedOver, startupRequest } from "./boot";
import "dkfds-css";
import "./app.css";
import { flushSync, mount } from "svelte";
import App from "./App.svelte";
import type { Startup } from "./ipc/bindings";

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
