import { crx } from "@crxjs/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import manifest from "./manifest.json" with { type: "json" };

// The devtools page is referenced by the manifest; the panel page is opened by
// chrome.devtools.panels.create, so it is listed as an extra input.
export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    target: "chrome120",
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: { panel: "src/extension/panel.html" },
    },
  },
});
