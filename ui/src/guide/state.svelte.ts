// A guide link or guide code from a support desk (oces_core::guide_link), waiting for the
// user's decision in the panel (GuidePanel.svelte). The core reads and checks it; the page only
// shows what the core says it would do, and acts on the user's click ("Gå dertil").
import { Channel } from "@tauri-apps/api/core";
import { ipc, isUiError } from "../ipc/call";
import type { GuidePlan, UiError } from "../ipc/bindings";

export const guide = $state<{
  /** What the link or code would do, while the panel asks. */
  plan: GuidePlan | null;
  /** Why a link that reached the window was refused (shown in the panel, nothing changed). */
  refused: UiError | null;
  /** Where it came from: a link (the window was started with it, or handed it) or a code
   *  typed in Get help. */
  from: "link" | "code";
  /** Counts the panels shown, so that each new one takes the focus. */
  shown: number;
}>({ plan: null, refused: null, from: "link", shown: 0 });

/** The panel on screen offers a way to go (the step, or the step to do first): its button is
 * then the screen's one way forward, so Next is drawn quiet and a step's own "Gå til trin …"
 * box waits until the panel is gone (issue 26: two buttons to the same place, and at 911×512
 * the step was out of sight under the panel). */
export function offerLeads(): boolean {
  const p = guide.plan;
  return !!p && (p.reachable || !!p.instead);
}

/** Show the panel for a plan. */
export function offer(plan: GuidePlan, from: "link" | "code") {
  guide.plan = plan;
  guide.refused = null;
  guide.from = from;
  guide.shown++;
}

/** Close the panel. */
export function dismiss() {
  guide.plan = null;
  guide.refused = null;
}

/** Take the link that reached the window, if one did. */
export async function takeArrived(): Promise<void> {
  try {
    const plan = await ipc.guidePending();
    if (plan) offer(plan, "link");
  } catch (e) {
    guide.plan = null;
    guide.refused = isUiError(e) ? e : { code: "internal", params: {}, message: String(e) };
    guide.from = "link";
    guide.shown++;
  }
}

/** Take a link that arrives while the window is open (a second start hands it over). A
 * channel, not a Tauri event: listening to an event has the window's process evaluate a script
 * in the page, which starts JavaScriptCore in that process too (src-tauri/src/incoming.rs). */
export function watchForLinks(): Promise<void> {
  const onLink = new Channel<null>();
  onLink.onmessage = () => void takeArrived();
  return ipc.watchGuideLinks(onLink);
}
