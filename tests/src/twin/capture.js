// The page as it is now, as HTML that draws the same screen without running the app: the form
// fields' current values, ticks and choices written into the markup, scripts removed, modal
// dialogs, focus and scroll positions marked for the replay (tests/src/twin/prepare.js).
// Secrets never leave the page: a password field (type=password, or an id or name with
// "password", or data-secret) keeps only as many dots as it has characters, and an element
// marked data-secret (a password shown on request) keeps only as many dots as it has characters.
// Runs in the window under test (WebDriver execute); returns the HTML.
const SECRET_FIELD =
  "input[type=password], input[id*=password i], input[name*=password i], [data-secret]";
const live = document.documentElement;
const copy = live.cloneNode(true);
const a = live.querySelectorAll("*");
const b = copy.querySelectorAll("*");
if (a.length !== b.length) throw new Error("the copy of the page is not whole");
const dots = (n) => "\u2022".repeat(Math.min(n, 64));
for (let i = 0; i < a.length; i++) {
  const l = a[i];
  const c = b[i];
  if (l.scrollTop || l.scrollLeft) c.setAttribute("data-twin-scroll", `${l.scrollLeft},${l.scrollTop}`);
  if (l === document.activeElement && l !== document.body) c.setAttribute("data-twin-focus", "");
  if (l instanceof HTMLInputElement) {
    if (l.type === "checkbox" || l.type === "radio") {
      if (l.checked) c.setAttribute("checked", "");
      else c.removeAttribute("checked");
    } else if (l.type !== "file") {
      if (l.matches(SECRET_FIELD)) {
        if (l.value) c.setAttribute("value", dots(l.value.length));
        else c.removeAttribute("value");
      } else {
        c.setAttribute("value", l.value);
      }
    }
  } else if (l instanceof HTMLTextAreaElement) {
    c.textContent = l.matches(SECRET_FIELD) ? dots(l.value.length) : l.value;
  } else if (l instanceof HTMLSelectElement) {
    const lo = l.options;
    const co = c.querySelectorAll("option");
    for (let j = 0; j < lo.length && j < co.length; j++) {
      if (lo[j].selected) co[j].setAttribute("selected", "");
      else co[j].removeAttribute("selected");
    }
  } else if (l instanceof HTMLDialogElement && l.open) {
    let modal = false;
    try {
      modal = l.matches(":modal");
    } catch {
      modal = true;
    }
    if (modal) {
      c.removeAttribute("open");
      c.setAttribute("data-twin-modal", "");
    }
  } else if (l.matches("[data-secret]")) {
    c.textContent = dots(l.textContent.length);
  }
}
for (const e of copy.querySelectorAll("script, link[rel=modulepreload]")) e.remove();
// The app's own files by path (style sheets loaded later carry the window's scheme and host,
// tauri://localhost/…), so the replay's server answers for them.
for (const e of copy.querySelectorAll("link[href], img[src]")) {
  const attr = e.hasAttribute("href") ? "href" : "src";
  const u = new URL(e.getAttribute(attr), location.href);
  if (u.protocol === location.protocol && u.host === location.host) {
    e.setAttribute(attr, u.pathname + u.search);
  }
}
return "<!doctype html>\n" + copy.outerHTML;
