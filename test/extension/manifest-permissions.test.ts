/**
 * The install asks for nothing: every permission is optional and asked for on the click that needs
 * it (precise mode: `debugger`; "Preview this fix": declarativeNetRequestWithHostAccess and the
 * two origins of the request). A permission added to the install fails here.
 */

import { describe, expect, it } from "vitest";
import manifest from "../../manifest.json" with { type: "json" };
import { firefoxManifest } from "../../scripts/firefox-manifest.js";

describe("manifest.json permissions", () => {
  it("grants nothing at install", () => {
    expect(manifest).not.toHaveProperty("permissions");
    expect(manifest).not.toHaveProperty("host_permissions");
    expect(manifest).not.toHaveProperty("content_scripts");
  });

  it("declares only the optional permissions the panel asks for on a click", () => {
    expect(manifest.optional_permissions).toEqual(["debugger", "declarativeNetRequestWithHostAccess"]);
    expect(manifest.optional_host_permissions).toEqual(["http://*/*", "https://*/*"]);
  });

  it("the Firefox build has no preview (DNR cannot be optional there), so no optional hosts either", () => {
    const firefox = firefoxManifest(manifest);
    expect(JSON.stringify(firefox)).not.toContain("declarativeNetRequest");
    expect(firefox).not.toHaveProperty("optional_host_permissions");
    expect(firefox).not.toHaveProperty("permissions");
    expect(firefox).not.toHaveProperty("host_permissions");
  });
});
