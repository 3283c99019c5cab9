/** The Firefox build's manifest is derived from the one manifest.json (scripts/firefox-manifest.ts). */

import { describe, expect, it } from "vitest";
import manifest from "../../manifest.json" with { type: "json" };
import { FIREFOX_ADDON_ID, FIREFOX_MIN_VERSION, firefoxManifest } from "../../scripts/firefox-manifest.js";

describe("firefoxManifest", () => {
  const firefox = firefoxManifest(manifest);

  it("runs the background as an event page, with the same script and type", () => {
    expect(firefox.background).toEqual({ scripts: [manifest.background.service_worker], type: "module" });
  });

  it("declares no debugger permission and no Chrome-only key", () => {
    expect(JSON.stringify(firefox)).not.toContain("debugger");
    expect(firefox).not.toHaveProperty("optional_permissions");
    expect(firefox).not.toHaveProperty("minimum_chrome_version");
  });

  it("adds the gecko id, minimum version and the data-collection declaration", () => {
    expect(firefox.browser_specific_settings).toEqual({
      gecko: {
        id: FIREFOX_ADDON_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ["none"] },
      },
      gecko_android: { strict_min_version: "142.0" },
    });
  });

  it("keeps everything else as it is, and leaves its input alone", () => {
    const copy = structuredClone(manifest);
    const again = firefoxManifest(copy);
    expect(copy).toEqual(manifest);
    for (const key of ["manifest_version", "name", "version", "description", "devtools_page", "icons"] as const) {
      expect(again[key]).toEqual(manifest[key]);
    }
  });

  it("keeps the permissions Firefox has", () => {
    const result = firefoxManifest({
      ...manifest,
      permissions: ["storage", "debugger"],
      optional_permissions: ["debugger"],
    });
    expect(result.permissions).toEqual(["storage"]);
    expect(result).not.toHaveProperty("optional_permissions");
  });
});
