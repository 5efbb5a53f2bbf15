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

/**
 * Where a folder is, in words for the main path (issue 26): "mappen “USB-nøgle”", "drevet E:",
 * or "en midlertidig mappe" for a folder named as a temporary one ("Temp", ".tmpX3f9"), whose
 * odd name means nothing to the user. Only the folder's own name counts: whether a folder
 * lies in one of the computer's temporary folders is the core's to judge (CUG-7 refuses a
 * backup there). A text key and its values; never the path.
 */
export function folderWords(dir: string): { key: string; values: Record<string, string> } {
  const parts = dir.split(/[\\/]+/).filter((p) => p !== "");
  const last = parts[parts.length - 1] ?? dir;
  const temp = /^\.?tmp/i.test(last) || /^temp$/i.test(last);
  if (temp) return { key: "files.in_temp", values: {} };
  if (/^[A-Za-z]:$/.test(last)) return { key: "files.in_drive", values: { drive: last } };
  return { key: "files.in_named_folder", values: { folder: last } };
}

/** The folder a file is in, as a path ("…/Overførsler" for "…/Overførsler/a.html"). */
export function parentDir(path: string): string {
  return path.replace(/[\\/]+[^\\/]*[\\/]*$/, "") || path;
}
