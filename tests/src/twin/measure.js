// The layout figures that are compared between the two engines (WebKitGTK in the end-to-end
// run, Chromium in the replay): the window, the page's size, where the screen's landmarks are
// (in the window, in CSS pixels, rounded), how many elements the app drew, and what is cut
// off (a field or button whose text does not fit, the page wider than the window), and how
// wide a paragraph may be (DKFDS's line length: it must resolve alike in both engines), and
// how many lines the sticky step head takes (one: on Windows it ate the height of a small
// window, two lines in Chromium where WebKit had one).
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
const para = document.querySelector("main p");
return {
  measure: para ? parseFloat(getComputedStyle(para).maxWidth) || null : null,
  viewport: [window.innerWidth, window.innerHeight],
  dpr: window.devicePixelRatio,
  scroll: [Math.round(window.scrollX), Math.round(window.scrollY)],
  page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  elements: document.querySelectorAll("body *").length,
  head_lines: headLines,
  rects,
  problems,
};
