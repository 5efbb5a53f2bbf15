import type { Answer, Startup, StepDef, Updated, View } from "../../ipc/bindings";

/** What every step component receives. */
export type StepProps = {
  step: StepDef;
  view: View;
  startup: Startup;
  setAnswer: (id: string, value: Answer) => Promise<boolean>;
  /** Send a command that changes the wizard, and show its new view (or its error). */
  act: (send: () => Promise<Updated>) => Promise<boolean>;
  onView: (view: View) => void;
  /** Open one of the always-available tools ("inspect" | "support" | "policy"). */
  openTool: (tool: "inspect" | "support" | "policy") => void;
  /** Answers still missing after Next was pressed: shown as errors at their fields. */
  missing?: string[];
  /** A step the app does itself gives Next its work: while the step's result is missing,
   *  pressing Next does the work and shows the result on the same screen (true when it
   *  succeeded, false when it failed, null when there is nothing to do yet and Next should
   *  say what is missing); the next press moves on. "next": it succeeded and there is nothing
   *  to look at, so the same press moves on (DMS-6: the next step says the password is
   *  kept). `wanted` says when optional work is waiting (e.g. a backup IT made optional, with
   *  a folder filled in). Returns what takes the work back (for onMount). */
  setWork?: (
    work: () => Promise<WorkResult>,
    wanted?: () => boolean,
    /** The work answers "next" when it succeeds: the footer's hint says Next goes on. */
    movesOn?: boolean,
    /** The footer's hint while the work waits, when the step knows better than the general
     *  one (DMS-7 without an address: Next moves on without a test); null: the general one. */
    hint?: () => string | null,
  ) => () => void;
};

/** What a step's work (run by Next) ended in: see `StepProps.setWork`. */
export type WorkResult = boolean | null | "next";
