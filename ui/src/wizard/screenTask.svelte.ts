// One model for the work a step does itself (installing, saving, testing, …): Next starts it,
// the sticky footer says what is happening while it runs, and the result (or the error)
// takes the focus at the top of the screen. Every step component runs its work through a
// `ScreenTask`, so busy, error and focus are handled in one place.
import { tick } from "svelte";
import { errorText } from "../ipc/call";

/** What the footer shows beside Next: the work running now ("Installerer certifikatet …"),
 *  and why Next cannot go on while the step waits for another (one sentence). */
export const footer = $state({ doing: "", blocked: "" });

export type RunOptions = {
  /** What the footer says while the work runs, e.g. "Installerer certifikatet …". */
  doing: string;
  /** The element that takes the focus when the work succeeded (the result, at the top). */
  focus?: string;
  /** The element that takes the focus when it failed (the error, or the field at fault). */
  errorFocus?: string;
  /** Handles an error itself (e.g. a wrong password, said at its field): true when handled. */
  onError?: (e: unknown) => boolean;
};

/** The busy flag and the error of one screen's work. */
export class ScreenTask {
  busy = $state(false);
  error = $state("");

  /** Runs `work` once at a time; true when it succeeded. */
  async run(opts: RunOptions, work: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = "";
    footer.doing = opts.doing;
    let ok = false;
    try {
      await work();
      ok = true;
    } catch (e) {
      if (!opts.onError?.(e)) this.error = errorText(e);
    } finally {
      this.busy = false;
      if (footer.doing === opts.doing) footer.doing = "";
    }
    await tick();
    const target = ok ? opts.focus : opts.errorFocus;
    if (target) {
      const el = document.getElementById(target);
      el?.scrollIntoView({ block: "nearest" });
      el?.focus();
    }
    return ok;
  }
}
