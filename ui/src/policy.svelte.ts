// The organisation's policies the screens honour (from the startup data): which flows the
// start screen offers, which settings are locked ("Administreret af din organisation"), the
// helpdesk "Få hjælp" names. The core enforces them; the screens only show them.
import type { PolicyView } from "./ipc/bindings";

export const policy = $state<{ view: PolicyView | null; envAnswers: string[] }>({
  view: null,
  envAnswers: [],
});

/** The policies, and the answers that hold an environment (from the flow tables' rules). */
export function setPolicy(v: PolicyView, flows: { rules: { env_answer: string | null } }[] = []) {
  policy.view = v;
  policy.envAnswers = flows.flatMap((f) => (f.rules.env_answer ? [f.rules.env_answer] : []));
}

/** Whether the environment answer `id` is fixed by the organisation. */
export function envLocked(id: string): boolean {
  return policy.envAnswers.includes(id) && !!policy.view?.environment_locked;
}
