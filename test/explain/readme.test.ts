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

describe("README figures", () => {
  it("states the verified-stack count the product ships", async () => {
    const { STACK_IDS, VERIFIED_STACKS } = await import("../../src/fixes/index.js");
    expect(README).toContain(`**${VERIFIED_STACKS.size} of ${STACK_IDS.length} stacks are verified**`);
  });

  it("states the lab's scenario count", async () => {
    const { loadScenarios } = await import("../../lab/scenario.js");
    expect(README).toContain(`holds ${loadScenarios().length} scenarios`);
  });
});
