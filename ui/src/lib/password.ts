/**
 * What a step sends for the certificate's password: `null` asks the app to use the one held for
 * this flow (typed when the file was unlocked), which it does while the field shows "the wizard
 * uses the password you typed" and the user has not chosen to type it again. Otherwise the
 * field's text is the password, an empty one too: some files have the empty password.
 */
export function passwordToSend(held: boolean, retype: boolean, typed: string): string | null {
  return held && !retype ? null : typed;
}
