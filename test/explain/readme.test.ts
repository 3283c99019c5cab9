import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSIS_CODES } from "../../src/engine/diagnosis/codes.js";

const README = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");

describe("README", () => {
  it.each([...DIAGNOSIS_CODES])("lists the diagnosis code %s", (code) => {
    expect(README).toContain(`\`${code}\``);
  });

  it("states both commands", () => {
    expect(README).toContain("npm install && npm start");
    expect(README).toContain("npm test");
  });
});
