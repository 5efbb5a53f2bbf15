// A read-only text box as tall as its text at the width it has now: the lines wrap differently
// on a small screen or with larger text, so a fixed number of rows would cut off the end (the
// RID at the bottom of an e-mail). Used as a Svelte attachment: {@attach fitText(text)}.
import type { Attachment } from "svelte/attachments";

export function fitText(text: string): Attachment<HTMLTextAreaElement> {
  return (el) => {
    void text; // re-run when the text changes
    const fit = () => {
      el.style.height = "auto";
      const border = el.offsetHeight - el.clientHeight;
      el.style.height = `${el.scrollHeight + border}px`;
    };
    fit();
    // Once more after the text box has its new text.
    const frame = requestAnimationFrame(fit);
    const seen = new ResizeObserver(() => {
      if (el.clientWidth !== width) {
        width = el.clientWidth;
        fit();
      }
    });
    let width = el.clientWidth;
    seen.observe(el);
    // A box this tall may be half under the sticky footer when the keyboard reaches it: the
    // engine scrolls a focused element only when none of it shows (WCAG 2.2 2.4.11; the
    // end-to-end focus walk found it at STIL-7). Scroll it into the part between the bars.
    const inSight = () => el.scrollIntoView({ block: "nearest" });
    el.addEventListener("focus", inSight);
    return () => {
      cancelAnimationFrame(frame);
      seen.disconnect();
      el.removeEventListener("focus", inSight);
    };
  };
}
