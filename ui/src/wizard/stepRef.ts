// How a sentence names another step: "trin 4: Find det hentede certifikat", worked out from the
// flow table (its place and its title), never a code typed into a text. Codes are for the
// phone; sentences use the step's number and title.
import { stepName } from "../i18n/index.svelte";
import type { Answer, FlowDef, StepDef, StepKind } from "../ipc/bindings";

/** What an app step leaves behind, and the kinds of step that produce it. */
const producers: Record<"file" | "certificate", StepKind[]> = {
  file: ["find_file", "load_certificate"],
  certificate: ["unlock", "load_certificate"],
};

/** The flow's first step that produces `what` (the step to go back to when it is missing). */
export function producerOf(flow: FlowDef, what: "file" | "certificate"): string | null {
  return flow.steps.find((s) => producers[what].includes(s.kind))?.code ?? null;
}

/** The place (counted from 1) of the step of flow `id` where the certificate's password is
 *  typed: "Guiden bruger adgangskoden fra trin 2." (0 when the flow has none). */
export function passwordStepNumber(flows: FlowDef[], id: string): number {
  const flow = flowOf(flows, id);
  const code = flow ? producerOf(flow, "certificate") : null;
  return (flow?.steps.findIndex((s) => s.code === code) ?? -1) + 1;
}

/** The flow's first step that asks the question `answerId`. */
export function askerOf(flow: FlowDef, answerId: string): string | null {
  return flow.steps.find((s) => s.blocks.some((b) => "id" in b && b.id === answerId))?.code ?? null;
}

/** "trin 4: Find det hentede certifikat" for a step of the flow. */
export function stepRef(flow: FlowDef, code: string): string {
  return flow.steps.some((s) => s.code === code) ? stepName(code) : code;
}

/** The flow on screen. */
export function flowOf(flows: FlowDef[], id: string): FlowDef | undefined {
  return flows.find((f) => f.id === id);
}

/** The i18n key of a step's title given the answers: its route's title while that route's
 *  condition holds (STIL-3 on the test route: "Få et testcertifikat fra STIL"), else its own. */
export function routeTitle(step: StepDef, answers: Record<string, Answer>): string {
  const route = step.route_title;
  if (route && route[0].every(([id, v]) => answers[id] === v)) return route[1];
  return `step.${step.code}.title`;
}

/** The i18n key of the step's name wherever the user is shown where they are (the heading,
 *  the step head, the help panel's "Trin 3 af 8: …"): the paused title of a last step that
 *  ends paused, else its route's title ([`routeTitle`]). */
export function screenTitle(step: StepDef, answers: Record<string, Answer>): string {
  if (step.paused_when && step.paused_when.every(([id, v]) => answers[id] === v))
    return `step.${step.code}.title_paused`;
  return routeTitle(step, answers);
}
