// The layout figures that are compared between the two engines (WebKitGTK in the end-to-end
// run, Chromium in the replay): the window, the page's size, where the screen's landmarks are
// (in the window, in CSS pixels, rounded), how many elements the app drew, and what is cut
// off (a field or button whose text does not fit, the page wider than the window), and how
// wide a paragraph may be (DKFDS's line length: it must resolve alike in both engines), and
// how many lines the sticky step head takes (one: on Windows it ate the height of a small
// window, two lines in Chromium where WebKit had one), whether the page shows between the
// sticky app bar and the step head, whether plain text with the focus is framed as a field,
// and which step list marks are underlined with their link.
const vw = document.documentElement.clientWidth;
const round = (r) => [r.left, r.top, r.width, r.height].map(Math.round);
const visible = (e) => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
};
const rects = {};
for (const sel of ["#step-code", "#step-title", "h1", "#next", "#back", ".step-head", ".wizard-foot", "main"]) {
  const e = document.querySelector(sel);
  rects[sel] = e && visible(e) ? round(e.getBoundingClientRect()) : null;
}
const primary = [...document.querySelectorAll(".button-primary")].find(visible);
rects["primary"] = primary ? round(primary.getBoundingClientRect()) : null;
const problems = [];
for (const el of document.querySelectorAll("input[type=text], input:not([type]), textarea, button")) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  if (el.tagName === "TEXTAREA" && el.scrollHeight > el.clientHeight + 1) {
    problems.push(`${name} cuts off its text`);
  } else if (el.tagName !== "TEXTAREA" && el.scrollWidth > el.clientWidth + 1) {
    problems.push(`${name} cuts off its text`);
  }
}
if (document.documentElement.scrollWidth > vw + 1) problems.push("the page is wider than the window");
// The step head's lines: the rows its words stand in (the step list it unfolds not counted).
const headLines = (() => {
  const head = document.querySelector(".step-head");
  if (!head || !visible(head)) return null;
  const boxes = [];
  const walk = document.createTreeWalker(head, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim() || n.parentElement.closest(".step-list-panel")) continue;
    const title = !!n.parentElement.closest(".step-where");
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0) boxes.push({ title, top: r.top, bottom: r.bottom });
    }
  }
  // The title's rows; a word beside the title (its middle within the title's height) is on
  // them, any other makes a row of its own.
  const titles = boxes.filter((b) => b.title);
  const top = Math.min(...titles.map((b) => b.top));
  const bottom = Math.max(...titles.map((b) => b.bottom));
  const rows = [];
  for (const b of [...titles, ...boxes.filter((b) => !b.title)]) {
    const mid = (b.top + b.bottom) / 2;
    if (!b.title && mid >= top && mid <= bottom) continue;
    if (!rows.some((r) => r.top <= mid && mid <= r.bottom)) rows.push({ top: b.top, bottom: b.bottom });
  }
  return rows.length;
})();
// A strip of the page between the sticky app bar and the sticky step head (CSS px): what
// scrolls under them shows through it. Only while the head is stuck to its place under the bar.
const headGap = (() => {
  const bar = document.querySelector(".app-header");
  const head = document.querySelector(".step-head");
  if (!bar || !head || !visible(bar) || !visible(head)) return null;
  const b = getComputedStyle(bar);
  const h = getComputedStyle(head);
  if (b.position !== "sticky" || h.position !== "sticky") return null;
  const top = head.getBoundingClientRect().top;
  if (Math.abs(top - parseFloat(h.top)) > 0.01) return null;
  return Math.round((top - bar.getBoundingClientRect().bottom) * 100) / 100;
})();
// The focus on plain text (no background, no border: a status, an error under a field) drawn
// with a frame, as a field's: where the guide moved the focus to a line of text.
const focusFrame = (() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const framed = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  const box =
    s.backgroundColor !== "rgba(0, 0, 0, 0)" ||
    ["Top", "Right", "Bottom", "Left"].some((side) => parseFloat(s[`border${side}Width`]) > 0);
  if (!framed || box || e.matches("a, button, input, select, textarea, summary")) return null;
  return `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""} "${e.textContent.trim().slice(0, 40)}"`;
})();
// The step list's marks (○, ✓, ▶) drawn with their link's underline: a text decoration reaches
// every in-flow descendant, up to an inline block, a float or a positioned box.
const underlined = (e) => {
  for (let a = e; a; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.textDecorationLine.includes("underline")) return true;
    if (s.display.startsWith("inline-") || s.float !== "none" || ["absolute", "fixed"].includes(s.position))
      return false;
  }
  return false;
};
const underlinedMarks = [...document.querySelectorAll(".stepper-icon")]
  .filter((e) => visible(e) && underlined(e))
  .map((e) => e.closest("[data-code]")?.dataset.code ?? "?");
const para = document.querySelector("main p");
return {
  measure: para ? parseFloat(getComputedStyle(para).maxWidth) || null : null,
  viewport: [window.innerWidth, window.innerHeight],
  dpr: window.devicePixelRatio,
  scroll: [Math.round(window.scrollX), Math.round(window.scrollY)],
  page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  elements: document.querySelectorAll("body *").length,
  head_lines: headLines,
  head_gap: headGap,
  focus_frame: focusFrame,
  underlined_marks: underlinedMarks,
  rects,
  problems,
};
