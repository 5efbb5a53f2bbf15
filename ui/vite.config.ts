import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

// dkfds exports only its JS in package.json "exports", so its stylesheet is reached by path.
const dkfdsCss = fileURLToPath(
  new URL("./node_modules/dkfds/dist/css/dkfds-virkdk.min.css", import.meta.url),
);

export default defineConfig({
  plugins: [svelte()],
  resolve: { alias: { "dkfds-css": dkfdsCss } },
  clearScreen: false,
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // Keep the bundle free of inline scripts and eval so the strict CSP holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
