/** The Name column's text, as DevTools' Network panel derives it (src/panel/state/request-name.ts). */

import { describe, expect, it } from "vitest";
import { requestName } from "../../src/panel/state/request-name.js";

describe("requestName", () => {
  it.each([
    ["http://api.test:47812/v1/items/42", "42", "api.test:47812/v1/items"],
    ["http://api.test:47812/v1/items/42?expand=1&lab=x.y", "42?expand=1&lab=x.y", "api.test:47812/v1/items"],
    ["https://api.test/v1/items/", "items/", "api.test/v1"],
    ["https://api.test/v1/items/#section", "items/", "api.test/v1"],
    ["https://api.test/items", "items", "api.test"],
    ["https://api.test/", "api.test", ""],
    ["https://api.test", "api.test", ""],
    ["https://api.test/?q=1", "/?q=1", "api.test"],
    ["https://api.test?q=1", "/?q=1", "api.test"],
    ["https://api.test/a/b?next=/c/d", "b?next=/c/d", "api.test/a"],
    ["data:text/plain,hello", "data:text/plain,hello", ""],
    ["", "", ""],
  ])("%s → %s (context %s)", (url, name, context) => {
    expect(requestName(url)).toEqual({ name, context });
  });

  it("tells apart URLs that differ only in their last segment, however long the common part", () => {
    const prefix = `http://api.test:47812/v1/${"organizations/acme/".repeat(5)}items`;
    const names = ["alpha", "beta", "gamma"].map((segment) => requestName(`${prefix}/${segment}`).name);
    expect(names).toEqual(["alpha", "beta", "gamma"]);
  });
});
