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
      return measureInEm(woff2Only(result.css));
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
