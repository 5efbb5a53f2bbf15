// The saved progress notes that a gateway password was kept (DMS-6); the keychain itself is
// the truth. A step that shows "kept" asks the core to look (the password is never sent for
// this): when the entry is gone (deleted in Windows' Credential Manager, say) the core drops
// the note and the new view shows the field again.
import { ipc } from "../ipc/call";
import type { View } from "../ipc/bindings";

/** Asks whether the kept password is still there; true when it was gone. A keychain that
 *  cannot be asked changes nothing. */
export async function recheckKept(onView: (view: View) => void): Promise<boolean> {
  try {
    const u = await ipc.gatewayCredentialsPresent();
    onView(u.view);
    return !u.view.facts.credentials;
  } catch {
    return false;
  }
}
