/** The stack registry: ids come from the stack files, and detection order is unambiguous. */

import { describe, expect, it } from "vitest";
import { STACK_GENERATORS, STACK_IDS } from "../../src/fixes/index.js";

describe("the stack registry", () => {
  it("lists each stack once, under the id its file declares", () => {
    expect(new Set(STACK_IDS).size).toBe(STACK_IDS.length);
    for (const id of STACK_IDS) expect(STACK_GENERATORS[id].id).toBe(id);
    expect(Object.keys(STACK_GENERATORS)).toEqual([...STACK_IDS]);
  });

  it("gives every detecting stack its own precedence, so ties between stacks have one order", () => {
    const precedences = STACK_IDS.flatMap((id) => {
      const detect = STACK_GENERATORS[id].detect;
      return detect ? [detect.precedence] : [];
    });
    expect(precedences.length).toBeGreaterThan(0);
    expect(new Set(precedences).size).toBe(precedences.length);
    for (const id of STACK_IDS) expect(STACK_GENERATORS[id].detect?.rules.length ?? 1).toBeGreaterThan(0);
  });
});
