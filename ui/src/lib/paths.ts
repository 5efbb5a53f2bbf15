// A file's place in words the user knows: its name, and the name of the folder it is in. The
// full path belongs in "Detaljer for eksperter", not on the main path.

/** The last part of a path ("Søren Ærø.html"), whether it uses / or \. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((p) => p !== "");
  return parts[parts.length - 1] ?? path;
}

/** The name of the folder a file is in ("Overførsler", "E:"). */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((p) => p !== "");
  return parts[parts.length - 2] ?? path;
}

/**
 * A certificate store as the user knows it: "Chromium, Chrome" for "Chromium, Chrome
 * (~/.pki/nssdb)", "Firefox" for "Firefox: default-release". The folder or profile in
 * brackets is for experts.
 */
export function storeLabel(name: string): string {
  return name.replace(/:\s.*$/, "").replace(/\s*\([^()]*\)\s*$/, "") || name;
}
