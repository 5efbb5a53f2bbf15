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
      return result.css;
    },
  };
}

export default defineConfig({
  plugins: [dkfdsUsedRules(), svelte()],
  resolve: { alias: { "dkfds-css": dkfdsCss } },
  clearScreen: false,
  // The texts are large: JSON.parse of a string is quicker to load than an object literal.
  json: { stringify: true },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // Keep the bundle free of inline scripts and eval so the strict CSP holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
