/**
 * Pasted HAR text (src/capture/json-text.ts): what is forgiven (a byte order mark, Unicode spaces
 * between tokens) and how every other error is reported (line, column, what to try).
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { locateJsonError, parseJsonText, readHar } from "../../src/capture/index.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";

const har = readFileSync(new URL("../fixtures/har/old-chrome.har", import.meta.url), "utf8");

describe("forgiven", () => {
  it("a byte order mark", () => {
    const result = parseJsonText(`\ufeff${har}`);
    expect(result.ok && result.repaired).toBe(null);
  });

  it("no-break-space indentation, read as the same document", () => {
    const pasted = har.replace(/^( +)/gm, (spaces) => "\u00a0".repeat(spaces.length));
    expect(pasted).not.toBe(har);
    expect(() => JSON.parse(pasted)).toThrow();
    const result = parseJsonText(pasted);
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toEqual(JSON.parse(har));
    expect(result.repaired).toMatch(/no-break spaces/);
    const read = readHar(result.value);
    expect(read.ok && read.exchanges.length).toBe(2);
  });

  it("other Unicode spaces between tokens, and a BOM before them", () => {
    const result = parseJsonText('\ufeff{\u2003"a":\u3000[1,\u202f2],\u2028"b"\u00a0:\u2009"x"}');
    expect(result).toEqual({
      ok: true,
      value: { a: [1, 2], b: "x" },
      repaired: expect.stringContaining("6 Unicode spaces"),
    });
  });

  it("but not inside strings, where they are content", () => {
    const result = parseJsonText('{"a":\u00a0"b\u00a0c"}');
    expect(result.ok && result.value).toEqual({ a: "b\u00a0c" });
  });
});

describe("reported with line, column and what to try", () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      "a truncated paste",
      '{"log": {"entries": [\n  {"request": {}',
      /^line 2, column 17: the text ends before the JSON does\. .*cut off/,
    ],
    [
      "a trailing comma",
      '{\n  "a": 1,\n}',
      /^line 3, column 1: expected a property name in double quotes, found "\}"\. .*comma/,
    ],
    ["single quotes", "{'log': {}}", /^line 1, column 2: .*found "'".*double quotes/],
    ["typographic quotes", "{\u201clog\u201d: {}}", /^line 1, column 2: .*U\+201C.*typographic quotes/],
    ["a comment", '{\n"a": 1 // note\n}', /^line 2, column 8: expected "," or "\}", found "\/"\. JSON has no comments/],
    ["HTML", "<!doctype html><html>", /^line 1, column 1: .*found "<"\. This looks like HTML/],
    [
      "a line break inside a value",
      '{"a": "x\ny"}',
      /^line 1, column 9: a control character \(U\+000A\) inside a string/,
    ],
    ["two documents", '{"a":1}\n{"b":2}', /^line 2, column 1: more text after the end of the JSON/],
    ["an empty file", "  \n", /^the text is empty/],
  ];

  it.each(cases)("%s", (_label, text, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    const result = parseJsonText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(expected);
  });

  it("finds no error in valid JSON, and a control character is shown by its code", () => {
    expect(locateJsonError(har)).toBeNull();
    expect(locateJsonError('[1, 2, {"a": [true, false, null, -1.5e3, "\\u00e9\\n"]}]')).toBeNull();
    const result = parseJsonText('{"a": \u0007}');
    expect(!result.ok && result.message).toContain("U+0007");
    expect(!result.ok && result.message).not.toContain("\u0007");
  });
});

describe("the panel's import reads the same way", () => {
  const pasted = `\ufeff${har.replace(/^( +)/gm, (spaces) => "\u00a0".repeat(spaces.length))}`;

  it("imports a HAR with a BOM and no-break-space indentation", async () => {
    const state = createPanelState({ schedule: (flush) => flush() });
    expect(await state.importHar(pasted, "pasted.har")).toBe(true);
    state.flush();
    expect(state.rows.value).toHaveLength(2);
    expect(state.importError.value).toBeNull();
  });

  it("says where a cut-off paste stops", async () => {
    const state = createPanelState({ schedule: (flush) => flush() });
    expect(await state.importHar(har.slice(0, 400), "cut.har")).toBe(false);
    expect(state.importError.value).toMatch(
      /^cut\.har is not a HAR file: it is not JSON \(line \d+, column \d+: .*cut off/,
    );
  });
});
