// One thing per page: a step that asks two things shows them one after the other, on the
// same step (Næste moves to the step's next part, Tilbage to its part before). The step's
// blocks stay in the flow table; this says only where each part starts.
import type { Answer, Block } from "../../ipc/bindings";

/** A part of a step: its first block, and when it is passed over. */
export type Part = {
  /** The key (see `blockKey`) of the block the part starts with. */
  from: string;
  /** The part is passed over while every one of these answers holds. */
  skipWhen?: [string, string][];
};

/** Where the parts of a split step start (the first part starts with the first block). */
export const PARTS: Record<string, Part[]> = {
  // Which certificate you need, then which environment.
  "DMS-1": [{ from: "dms_env" }],
  // Which environment, then which kind of certificate (with what the guide says about it).
  "STIL-1": [{ from: "stil1.oces2_end" }],
  // Roles in the Customer Portal, then the registration in the certificate portal.
  "DMS-5": [{ from: "dms5.intro" }],
  // New or replacing, your kind of account, the login question (with how to try it below its
  // answers, and the link to DKMAnet's login page), and only then what to check (the login
  // fails) and what to send (passed over once the new certificate works: nothing to send).
  "CUG-8": [
    { from: "cug_role" },
    { from: "cug_login" },
    { from: "cug8.fails_intro", skipWhen: [["cug_login", "yes"]] },
  ],
};

/** For a step whose parts are not runs of blocks in the table's order: the blocks' keys in
 *  the order of the parts (within a part, blocks keep the table's order). */
export const ORDER: Record<string, string[]> = {
  "STIL-1": ["stil_env", "stil1.oces2_end", "stil1.oces3", "stil_gen"],
};

/** A name for a block that stays when blocks are added around it. */
export function blockKey(b: Block): string {
  switch (b.type) {
    case "para":
    case "note":
      return b.text;
    case "steps":
      return b.items[0] ?? "steps";
    case "check":
    case "choice":
    case "text_input":
    case "link_input":
      return b.id;
    case "link":
    case "copy":
      return b.label;
    case "generated":
      return b.what;
    default:
      return b.type;
  }
}

/** The part of each block of a step (0 for a step that is not split). */
export function partsOf(code: string, blocks: Block[]): number[] {
  const parts = PARTS[code] ?? [];
  const order = ORDER[code];
  if (order) {
    // Parts by the listed order: a block's part is that of the last start at or before it.
    const rank = (k: string) => order.indexOf(k);
    return blocks.map((b) => {
      const r = rank(blockKey(b));
      let p = 0;
      parts.forEach((part, i) => {
        if (r >= 0 && r >= rank(part.from)) p = i + 1;
      });
      return p;
    });
  }
  let p = 0;
  return blocks.map((b) => {
    const k = blockKey(b);
    const at = parts.findIndex((part) => part.from === k);
    if (at >= 0) p = at + 1;
    return p;
  });
}

/** Whether part `p` (1 or more) is passed over with these answers. */
export function skipped(code: string, p: number, answers: Record<string, Answer>): boolean {
  const part = (PARTS[code] ?? [])[p - 1];
  return !!part?.skipWhen && part.skipWhen.every(([id, v]) => answers[id] === v);
}
