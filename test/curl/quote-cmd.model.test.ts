/**
 * cmd quoting of `%` and line feeds, against a MODEL of cmd's documented parsing (cmd-model.ts):
 * Wine's cmd differs from Windows exactly there (quote-cmd.wine.test.ts covers the rest for real).
 * The model's worst case: every variable name that does not start with `^` is defined, so any `%`
 * the quoting leaves expandable shows up as an expansion.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CMD_TEXT_REPLACEMENT_NOTE, CMD_URL_REPLACEMENT_NOTE, quoteCmd, toCurl } from "../../src/curl/index.js";
import { intendedArgv, NASTY, nastySpec, nastyString, wellFormed } from "./arbitraries.js";
import { cmdReads, cRuntimeArgv } from "./cmd-model.js";

const everyNameDefined = (name: string) => !name.startsWith("^");

/** What cmd and curl.exe carry: printable ASCII, TAB and LF; the rest is `?` (or %XX in URLs). */
function carried(value: string, kind: "url" | "text"): string {
  let out = "";
  for (const c of value) {
    if (/^[\t\n\x20-\x7e]$/.test(c)) out += c;
    else if (kind === "text") out += "?";
    else
      out += [...Buffer.from(wellFormed(c), "utf8")]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
        .join("");
  }
  return out;
}

const PERCENT_AND_LINES = [
  "%",
  "%%",
  "%PATH%",
  "%=C:%",
  "%CD%",
  "%~",
  "%*",
  "\n",
  "\n\n",
  "%\n",
  "^",
  '"',
  "\\",
  "&",
  "!",
];
const percentString = fc.string({
  unit: fc.oneof(fc.constantFrom(...PERCENT_AND_LINES), fc.constantFrom("a", "Z", "0", "_", " ", "=", ":")),
  maxLength: 24,
});

describe("cmd quoting of % and line feeds (MODEL of cmd's documented parsing, as Chrome DevTools relies on)", () => {
  it("no % is left expandable, and the argument survives exactly", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(percentString, (value) => {
        const read = cmdReads(`curl ${quoteCmd(value)}`, everyNameDefined);
        expect(read).toBeTypeOf("string");
        expect(cRuntimeArgv(read as string)).toEqual(["curl", value]);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes % and line feeds by Chrome DevTools' rules: %^ before a name, ^ LF LF for a line feed", () => {
    expect(quoteCmd("%PATH%")).toBe('^"%^PATH%^"');
    expect(quoteCmd("a\nb")).toBe('^"a^\n\nb^"');
    expect(quoteCmd("a\r\nb".replace("\r", ""))).toBe('^"a^\n\nb^"');
  });

  it("whole commands over any string read back as the intended argv, with the replacements said", {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(nastySpec(nastyString([...NASTY, ...PERCENT_AND_LINES])), (spec) => {
        const command = toCurl(spec, "cmd");
        const lines = command.split("\n");
        const body = lines.filter((line) => !line.startsWith("REM ")).join("\n");
        const read = cmdReads(body, everyNameDefined);
        expect(read).toBeTypeOf("string");
        expect(cRuntimeArgv(read as string)).toEqual(["curl", ...intendedArgv(spec, carried)]);
        const textReplaced = [spec.method, ...spec.headers.map((h) => h.value)].some((v) => carried(v, "text") !== v);
        expect(lines.includes(`REM ${CMD_TEXT_REPLACEMENT_NOTE}`)).toBe(textReplaced);
        expect(lines.includes(`REM ${CMD_URL_REPLACEMENT_NOTE}`)).toBe(carried(spec.url, "url") !== spec.url);
      }),
      { numRuns: 200 },
    );
  });

  it('catches the reported bug: DevTools\' ^"…^" with a bare & ends the command', () => {
    expect(cmdReads('curl ^"https://api.test/items?a=1&calc&b=2^"', everyNameDefined)).toEqual({
      broken: expect.stringContaining("an unescaped &"),
    });
    expect(cmdReads(`curl ${quoteCmd("https://api.test/items?a=1&calc&b=2")}`, everyNameDefined)).toBe(
      'curl "https://api.test/items?a=1&calc&b=2"',
    );
  });
});
