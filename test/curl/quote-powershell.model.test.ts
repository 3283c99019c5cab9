/**
 * PowerShell quoting against a MODEL of PowerShell's tokenizer (powershell-model.ts; no PowerShell
 * here): for any strings, the command tokenizes to the same structure as with harmless values, and
 * each value reads back exactly. Both flavours: PowerShell 7 and Windows PowerShell 5.1.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quotePowerShell, type RequestSpec, type ShellFlavor, toCurl } from "../../src/curl/index.js";
import { nastySpec, nastyString } from "./arbitraries.js";
import { type Token, tokenize } from "./powershell-model.js";

const STANDARD = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "MERGE", "PATCH"]);

/** The same spec with each hostile value replaced by a harmless placeholder, and the way back. */
function withPlaceholders(spec: RequestSpec): { benign: RequestSpec; restore: (text: string) => string } {
  const originals: string[] = [];
  const placeholder = (value: string) => {
    originals.push(value);
    return `PH${originals.length - 1}Z`;
  };
  const benign: RequestSpec = {
    method: STANDARD.has(spec.method.toUpperCase()) ? spec.method : placeholder(spec.method),
    url: placeholder(spec.url),
    headers: spec.headers.map((h) => ({ name: h.name, value: placeholder(h.value) })),
    notes: spec.notes,
  };
  return { benign, restore: (text) => text.replace(/PH(\d+)Z/g, (_, n: string) => originals[Number(n)] as string) };
}

/** A bare [char] is not a value: as a command argument PowerShell would read it as text. */
const shape = (tokens: Token[]) => tokens.map((t) => (t.kind === "other" ? t.text : t.kind.toUpperCase()));
const values = (tokens: Token[]) => tokens.flatMap((t) => (t.kind === "value" ? [t.value] : []));

describe.each<ShellFlavor>(["powershell", "windows-powershell"])(
  "%s quoting (MODEL of PowerShell's tokenizer)",
  (flavor) => {
    it("reads back every value exactly, with the command's structure unchanged", { timeout: 60_000 }, () => {
      fc.assert(
        fc.property(nastySpec(nastyString()), (spec) => {
          const { benign, restore } = withPlaceholders(spec);
          const expected = tokenize(toCurl(benign, flavor));
          const actual = tokenize(toCurl(spec, flavor));
          expect(shape(actual)).toEqual(shape(expected));
          expect(values(actual)).toEqual(values(expected).map(restore));
        }),
        { numRuns: 500 },
      );
    });
  },
);

describe("quotePowerShell (MODEL of PowerShell's tokenizer)", () => {
  it("is one exact value for any string, and never carries an invisible character raw", { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(nastyString(), (value) => {
        const quoted = quotePowerShell(value);
        const tokens = tokenize(quoted);
        expect(tokens).toEqual([{ kind: "value", value }]);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
        expect(quoted).not.toMatch(/[\0-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      }),
      { numRuns: 3000 },
    );
  });

  it("doubles every single-quote character: the reported ’ cannot close the string", () => {
    const value = "x’; Start-Process calc; ’";
    expect(quotePowerShell(value)).toBe("'x’’; Start-Process calc; ’’'");
    expect(tokenize(`-H ${quotePowerShell(value)}`)).toEqual([
      { kind: "other", text: "-H" },
      { kind: "value", value },
    ]);
    // Doubling only U+0027 (the old quoting) lets U+2019 end the string.
    expect(values(tokenize(`'${value.replaceAll("'", "''")}'`))).not.toEqual([value]);
  });
});
