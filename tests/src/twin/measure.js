// The layout figures that are compared between the two engines (WebKitGTK in the end-to-end
// run, Chromium in the replay): the window, the page's size, where the screen's landmarks are
// (in the window, in CSS pixels, rounded), how many elements the app drew, and what is cut
// off (a field or button whose text does not fit, the page wider than the window), and how
// wide a paragraph may be (DKFDS's line length: it must resolve alike in both engines).
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
const para = document.querySelector("main p");
return {
  measure: para ? parseFloat(getComputedStyle(para).maxWidth) || null : null,
  viewport: [window.innerWidth, window.innerHeight],
  dpr: window.devicePixelRatio,
  scroll: [Math.round(window.scrollX), Math.round(window.scrollY)],
  page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  elements: document.querySelectorAll("body *").length,
  rects,
  problems,
};
