import { crx, type ManifestV3Export } from "@crxjs/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import manifest from "./manifest.json" with { type: "json" };

/**
 * `CORS_DOCTOR_BUILD=e2e` builds the same extension into dist-e2e/ with `debugger` granted at
 * install time instead of optional: Chrome's permission prompt is browser UI that automation cannot
 * click, and the precise-mode tests need the permission. The code path is the same
 * (permissions.contains() is true, so no prompt is shown).
 */
const e2e = process.env.CORS_DOCTOR_BUILD === "e2e";

function manifestFor(target: "chrome" | "e2e"): ManifestV3Export {
  if (target === "chrome") return manifest as ManifestV3Export;
  const { optional_permissions: _optional, ...rest } = manifest;
  return { ...rest, permissions: ["debugger"] } as ManifestV3Export;
}

// The devtools page is referenced by the manifest; the panel page is opened by
// chrome.devtools.panels.create, so it is listed as an extra input.
export default defineConfig({
  plugins: [preact(), crx({ manifest: manifestFor(e2e ? "e2e" : "chrome") })],
  build: {
    target: "chrome120",
    outDir: e2e ? "dist-e2e" : "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: { panel: "src/extension/panel.html" },
    },
  },
});
