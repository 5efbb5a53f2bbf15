// In Chromium, on a page saved by capture.js: opens the modal dialogs, puts the focus and the
// scroll positions back, waits for the fonts and two frames, and says whether every style
// sheet arrived. Runs as an async WebDriver script; arguments[0] is the page's window scroll.
const done = arguments[arguments.length - 1];
const [sx, sy] = arguments[0];
for (const d of document.querySelectorAll("dialog[data-twin-modal]")) {
  try {
    d.showModal();
  } catch {
    d.setAttribute("open", "");
  }
}
const f = document.querySelector("[data-twin-focus]");
if (f) f.focus({ preventScroll: true });
for (const e of document.querySelectorAll("[data-twin-scroll]")) {
  const [x, y] = e.dataset.twinScroll.split(",").map(Number);
  e.scrollLeft = x;
  e.scrollTop = y;
}
window.scrollTo({ left: sx, top: sy, behavior: "instant" });
const links = [...document.querySelectorAll("link[rel=stylesheet]")];
document.fonts.ready.then(() =>
  requestAnimationFrame(() =>
    requestAnimationFrame(() =>
      done({
        sheets: links.length,
        loaded: links.filter((l) => {
          try {
            return l.sheet !== null && l.sheet.cssRules.length > 0;
          } catch {
            return false;
          }
        }).length,
        fonts: document.fonts.status,
      }),
    ),
  ),
);
