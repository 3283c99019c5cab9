/**
 * parseInParts reads a HAR front to back a part at a time (src/cli/har-split.ts): the entries it
 * hands over must be the document's own, in order, whatever the strings hold; anything that is not
 * a clean cut between entries must answer false (the caller then parses whole); and it must never
 * hold much more than a part, a search window and the largest entry, whatever the file's size.
 */

import { describe, expect, it } from "vitest";
import { parseInParts, type ReadAt, readFromBuffer } from "../../src/cli/har-split.js";

const PART = 1024;

/** An entry whose strings hold what a byte scanner could take for structure. */
function entry(n: number, text = ""): Record<string, unknown> {
  return {
    startedDateTime: `2026-11-22T10:00:00.${String(n % 1000).padStart(3, "0")}Z`,
    request: {
      method: "GET",
      url: `http://api.test/v1/items?n=${n}&q=}],[{`,
      headers: [{ name: "X-Odd", value: '"},{"request":{},"response":{}},\\' }],
    },
    response: { status: 200, headers: [{ name: "Content-Type", value: "application/json" }], content: { text } },
  };
}

/** Every entry parseInParts hands over, or false; with the most bytes it asked to hold at once. */
function parse(text: string, partBytes = PART): { entries: unknown[] | false; parts: number; held: number } {
  const bytes = Buffer.from(text);
  const inner = readFromBuffer(bytes);
  let held = 0;
  const read: ReadAt = (target, offset, length, position) => {
    held = Math.max(held, target.length);
    return inner(target, offset, length, position);
  };
  const entries: unknown[] = [];
  let parts = 0;
  const ok = parseInParts(read, bytes.length, partBytes, (raw) => {
    parts++;
    entries.push(...raw);
  });
  return { entries: ok ? entries : false, parts, held };
}

const many = Array.from({ length: 300 }, (_, n) => entry(n));
const document = (entries: unknown[]) => ({ log: { version: "1.2", creator: { name: "t" }, pages: [], entries } });

// Each case parses a few hundred KB; seconds at most on a loaded 2-core machine.
describe("reading a HAR a part at a time", { timeout: 60_000 }, () => {
  it("gives the document's entries in order, cut in many parts, whatever the strings hold", () => {
    const result = parse(JSON.stringify(document(many)));
    expect(result.entries).toEqual(many);
    expect(result.parts).toBeGreaterThan(20);
  });

  it("reads pretty-printed files, a byte-order mark, and bare logs", () => {
    expect(parse(JSON.stringify(document(many), null, 2)).entries).toEqual(many);
    expect(parse(`\uFEFF  \n${JSON.stringify(document(many), null, "\t")}\r\n`).entries).toEqual(many);
    expect(parse(JSON.stringify(document(many).log)).entries).toEqual(many);
  });

  it("holds about a part and a window, however large the file", () => {
    const large = parse(JSON.stringify(document(Array.from({ length: 3000 }, (_, n) => entry(n)))), 16 * 1024);
    expect(large.parts).toBeGreaterThan(40);
    expect(large.held).toBeLessThanOrEqual(16 * 1024 + 64 * 1024);
  });

  it("grows to hold an entry larger than a part, and cuts on either side of it", () => {
    const entries = [...many.slice(0, 50), entry(999, `{"a":[1,{"b":"}"}]},`.repeat(5_000)), ...many.slice(50)];
    const result = parse(JSON.stringify(document(entries)));
    expect(result.entries).toEqual(entries);
    expect(result.parts).toBeGreaterThan(10);
  });

  it("answers false for a truncated file, a cut that is not between entries, and JSON that is not HAR", () => {
    const text = JSON.stringify(document(many));
    expect(parse(text.slice(0, Math.floor(text.length / 2))).entries).toBe(false);
    expect(parse(text.slice(0, -1)).entries).toBe(false);
    // Entry-like objects in pages after the entries: a cut there leaves a part that is not entries.
    const pages = Array.from({ length: 200 }, (_, n) => ({ id: `p${n}`, request: {}, response: {} }));
    expect(parse(JSON.stringify({ log: { entries: many.slice(0, 3), pages } })).entries).toBe(false);
    expect(parse(JSON.stringify({ log: { entries: "none", pad: "x".repeat(10_000) } })).entries).toBe(false);
    expect(parse("").entries).toBe(false);
  });

  it("reads a small file as one part", () => {
    const result = parse(JSON.stringify(document(many.slice(0, 2))), 1 << 20);
    expect(result).toMatchObject({ entries: many.slice(0, 2), parts: 1 });
  });
});
