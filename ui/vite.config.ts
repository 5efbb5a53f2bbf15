import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";

// dkfds exports only its JS in package.json "exports", so its stylesheet is reached by path.
const dkfdsCss = fileURLToPath(
  new URL("./node_modules/dkfds/dist/css/dkfds-virkdk.min.css", import.meta.url),
);

// DKFDS ships every component's rules (220 KB); the window parses all of them before the
// first screen. Keep the rules whose classes, elements and attributes our files use. Only
// the DKFDS file is filtered: the components' own styles are left as they are.
//
// Its fonts are listed in up to four formats each (EOT, WOFF, WOFF2, TTF), and the regular
// weight lists the EOT first, without a format, so WebKit fetched that file, failed to read
// it and fetched the WOFF next. Both window engines (WebKitGTK, WebView2) read WOFF2, so each
// font keeps only that source, and the other files are not bundled at all.
function dkfdsUsedRules(): Plugin {
  return {
    name: "dkfds-used-rules",
    enforce: "pre",
    async load(id) {
      if (id !== dkfdsCss) return null;
      const [result] = await new PurgeCSS().purge({
        content: ["index.html", "src/**/*.{svelte,ts}"],
        css: [dkfdsCss],
        // Classes that our code builds from parts.
        safelist: { standard: [/^alert-/], greedy: [/^form-/] },
        keyframes: true,
        variables: false,
      });
      return plexThenSansSerif(measureInEm(splitFaces(woff2Only(result.css))));
    },
  };
}

/**
 * DKFDS keeps lines of text to 66ch, and each engine works out the "ch" (the width of a zero)
 * in its own way: Chromium, the engine of Edge WebView2 on Windows, from IBM Plex Sans (0.6em, so
 * a paragraph may be 633.6 px wide), WebKitGTK, which the end-to-end tests drive, as 10 px (660
 * px). So Windows users' lines broke elsewhere than the tests' screenshots showed (the Chromium
 * replay, tests/tests/chromium.rs, found it on 18 of 81 screens). 66 zeros of IBM Plex Sans are
 * 39.6em in every engine.
 */
export function measureInEm(css: string): string {
  return css.replace(/max-width:\s*66ch\b/g, "max-width:39.6em");
}

/**
 * DKFDS sets the page's font as `IBM Plex Sans, "system-ui", system, sans-serif`, where
 * "system" is a face of its own made of eight `local()` fonts (San Francisco, Segoe UI Light,
 * Roboto Light …). The window draws its first screen before the Plex files have arrived
 * (`font-display: swap`), so WebKitGTK looks up every family after Plex first: ten queries
 * to fontconfig for "system-ui" and "system" per size and weight on the screen, a millisecond
 * or more each, 24 of the 44 lookups of the start screen; the first paint came about 60 ms
 * later than without them (issue 31, session 18). We ship Plex, so the page goes from Plex
 * straight to the platform's sans-serif, and the "system" face goes.
 */
export function plexThenSansSerif(css: string): string {
  return css
    .replace(
      /font-family:IBM Plex Sans,"system-ui",system,sans-serif/g,
      "font-family:IBM Plex Sans,sans-serif",
    )
    .replace(/@font-face\{[^}]*font-family:system;[^}]*\}/g, "");
}

/** Each `src` of an @font-face reduced to its WOFF2 file (left alone when it has none). */
export function woff2Only(css: string): string {
  return css.replace(
    /(@font-face\s*\{[^}]*?)src:([^;}]*)/g,
    (whole, head: string, list: string) => {
      const woff2 = list.match(/url\([^)]*\.woff2\)/);
      return woff2 ? `${head}src:${woff2[0]} format("woff2")` : whole;
    },
  );
}

/**
 * The characters in each of IBM's split files of an IBM Plex Sans face, the same in every
 * weight and style (read from the files' character maps, DKFDS 11.2). "Latin1" is IBM's
 * name: Latin-1 with the typographic quotes, dashes, the ellipsis and the euro. Not in any
 * of them, and so drawn in the system's face: spacing and combining accents (U+02BB-02DD,
 * U+0300-0328), the Greek tonos and two private-use glyphs.
 */
const PLEX_SPLIT: [string, string][] = [
  [
    "Latin1",
    "U+0000,U+000D,U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+02C6,U+02DA,U+02DC,U+2013-2014,U+2018-201A,U+201C-201E,U+2020-2022,U+2026,U+2030,U+2039-203A,U+2044,U+20AC,U+2122,U+2212,U+FB01-FB02",
  ],
  [
    "Latin2",
    "U+0100-0101,U+0104-0130,U+0132-0151,U+0154-017F,U+018F,U+0192,U+01A0-01A1,U+01AF-01B0,U+01FA-01FF,U+0218-021B,U+0237,U+0259,U+1E80-1E85,U+1E9E,U+20A1,U+20A4,U+20A6,U+20A8-20AA,U+20AD-20AE,U+20B1-20B2,U+20B4-20B5,U+20B8-20BA,U+20BD,U+20BF",
  ],
  ["Latin3", "U+0102-0103,U+01CD-01DC,U+1EA0-1EF9,U+20AB"],
  [
    "Pi",
    "U+0E3F,U+2032-2033,U+2070,U+2074-2079,U+2080-2089,U+2113,U+2116,U+2126,U+212E,U+2150-2151,U+2153-215E,U+2190-2199,U+21A9-21AA,U+21B0-21B3,U+21B6-21B7,U+21BA-21BB,U+21C4,U+21C6,U+2202,U+2206,U+220F,U+2211,U+2215,U+221A,U+221E,U+222B,U+2248,U+2260,U+2264-2265,U+25CA,U+2713,U+274C,U+2B0E-2B11,U+ECE0,U+EFCC",
  ],
  ["Greek", "U+037E,U+0386-038A,U+038C,U+038E-03A1,U+03A3-03CE"],
  [
    "Cyrillic",
    "U+0400-045F,U+0472-0473,U+0490-049D,U+04A0-04A5,U+04AA-04AB,U+04AE-04B3,U+04B6-04BB,U+04C0-04C2,U+04CF-04D9,U+04DC-04DF,U+04E2-04E9,U+04EE-04F5,U+04F8-04F9",
  ],
];

/**
 * Each IBM Plex Sans face as IBM's split files, each with its characters' `unicode-range`, in
 * place of the complete file (issue 31). WebKit keeps a face it has loaded for the page's
 * life; START-1 needs only Latin-1 characters of its faces (17 KB files against 57 KB, 0.6-0.8
 * MiB less in the web process), and a character outside them ("\u2192", "\u2713") loads the
 * small file that has it, once a text shows it.
 */
export function splitFaces(css: string): string {
  return css.replace(
    /@font-face\s*\{[^}]*?url\(([^)]*)\/complete\/woff2\/(IBMPlexSans-[A-Za-z]+)\.woff2\)[^}]*\}/g,
    (face: string, dir: string, name: string) =>
      PLEX_SPLIT.map(([part, range]) =>
        face
          .replace(
            `${dir}/complete/woff2/${name}.woff2`,
            `${dir}/split/woff2/${name}-${part}.woff2`,
          )
          .replace(/\}$/, `;unicode-range:${range}}`),
      ).join(""),
  );
}

export default defineConfig({
  plugins: [dkfdsUsedRules(), svelte()],
  resolve: { alias: { "dkfds-css": dkfdsCss } },
  clearScreen: false,
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // Keep the bundle free of inline scripts and eval so the strict CSP holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Everything the first screen needs in one file: the bundler otherwise split it into
        // three (one of 328 bytes), and each file is a request the window's main thread serves
        // while it is busy opening the window. Later screens and the texts stay chunks of
        // their own, and share this file's code.
        codeSplitting: { groups: [{ name: "first", tags: ["$initial"] }] },
        // Scripts in ASCII, non-ASCII characters escaped ("\u2713"): WebKit stores a script
        // with one character outside Latin-1 (a "✓" in a template) at two bytes a character,
        // the whole of it, for as long as the page runs; an ASCII one at one byte, sharing the
        // bytes it arrived in (issue 31).
        charset: "ascii",
      },
    },
  },
});
