// The organisation's policies the screens honour (from the startup data): which flows the
// start screen offers, which settings are locked ("Administreret af din organisation"), the
// helpdesk "Få hjælp" names. The core enforces them; the screens only show them.
import type { PolicyView } from "./ipc/bindings";

export const policy = $state<{ view: PolicyView | null }>({ view: null });

export function setPolicy(v: PolicyView) {
  policy.view = v;
}

/** Whether the environment answer `id` is fixed by the organisation. */
export function envLocked(id: string): boolean {
  return (id === "dms_env" || id === "stil_env") && !!policy.view?.environment_locked;
}
