import type { Answer, Startup, StepDef, WizardView } from "../../ipc/types";

/** What every step component receives. */
export type StepProps = {
  step: StepDef;
  view: WizardView;
  startup: Startup;
  setAnswer: (id: string, value: Answer) => Promise<boolean>;
  act: (cmd: string, args?: Record<string, unknown>) => Promise<boolean>;
  onView: (view: WizardView) => void;
  /** Open one of the always-available tools ("inspect" | "support"). */
  openTool: (tool: "inspect" | "support") => void;
  /** Answers still missing after Next was pressed: shown as errors at their fields. */
  missing?: string[];
};
