import type { Answer, Startup, StepDef, Updated, WizardView } from "../../ipc/bindings";

/** What every step component receives. */
export type StepProps = {
  step: StepDef;
  view: WizardView;
  startup: Startup;
  setAnswer: (id: string, value: Answer) => Promise<boolean>;
  /** Send a command that changes the wizard, and show its new view (or its error). */
  act: (send: () => Promise<Updated>) => Promise<boolean>;
  onView: (view: WizardView) => void;
  /** Open one of the always-available tools ("inspect" | "support"). */
  openTool: (tool: "inspect" | "support") => void;
  /** Answers still missing after Next was pressed: shown as errors at their fields. */
  missing?: string[];
};
