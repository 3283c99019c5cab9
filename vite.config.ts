import { crx, type ManifestV3Export } from "@crxjs/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import manifest from "./manifest.json" with { type: "json" };
import { firefoxManifest } from "./scripts/firefox-manifest.js";

/**
 * `CORS_DOCTOR_BUILD=e2e` builds the same extension into dist-e2e/ with its optional permissions
 * (`debugger`; `declarativeNetRequestWithHostAccess` and the hosts for "Preview this fix") granted at
 * install time instead: Chrome's permission prompt is browser UI that automation cannot click, and
 * the precise-mode and preview tests need them. The code path is the same
 * (permissions.contains() is true, so no prompt is shown).
 *
 * `CORS_DOCTOR_BUILD=firefox` builds it into dist-firefox/ from the same manifest, transformed by
 * scripts/firefox-manifest.ts (event page, gecko id, no debugger permission).
 */
type Target = "chrome" | "e2e" | "firefox";
const target: Target =
  process.env.CORS_DOCTOR_BUILD === "e2e" ? "e2e" : process.env.CORS_DOCTOR_BUILD === "firefox" ? "firefox" : "chrome";

function manifestFor(target: Target): ManifestV3Export {
  if (target === "chrome") return manifest as ManifestV3Export;
  if (target === "firefox") return firefoxManifest(manifest) as ManifestV3Export;
  const { optional_permissions: optional, optional_host_permissions: hosts, ...rest } = manifest;
  return { ...rest, permissions: optional, host_permissions: hosts } as ManifestV3Export;
}

const outDir: Record<Target, string> = { chrome: "dist", e2e: "dist-e2e", firefox: "dist-firefox" };

/** Whether the built manifest declares `permission`: without it the code that needs it is compiled out. */
function declares(built: ManifestV3Export, permission: string): boolean {
  const { permissions = [], optional_permissions = [] } = built as {
    permissions?: string[];
    optional_permissions?: string[];
  };
  return [...permissions, ...optional_permissions].includes(permission);
}

// The devtools page is referenced by the manifest; the panel page is opened by
// chrome.devtools.panels.create, so it is listed as an extra input.
export default defineConfig({
  plugins: [
    preact(),
    crx({ manifest: manifestFor(target), ...(target === "firefox" ? { browser: "firefox" as const } : {}) }),
  ],
  define: {
    "import.meta.env.CORS_DOCTOR_DEBUGGER": JSON.stringify(declares(manifestFor(target), "debugger")),
    "import.meta.env.CORS_DOCTOR_PREVIEW": JSON.stringify(
      declares(manifestFor(target), "declarativeNetRequestWithHostAccess"),
    ),
  },
  build: {
    target: target === "firefox" ? "firefox140" : "chrome120",
    outDir: outDir[target],
    emptyOutDir: true,
    // Every supported browser preloads modules natively; the polyfill would be one more file to load.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { panel: "src/extension/panel.html" },
    },
  },
});
