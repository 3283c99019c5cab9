/**
 * cmd quoting, run in Wine's cmd.exe with a fake curl.exe that records its argv: `& | < > ^ ( ) !`,
 * quotes and backslashes must reach curl as one exact argument, and nothing else may run.
 *
 * Wine's cmd is a reimplementation: it expands `%^name%` (Windows leaves it alone) and turns a
 * caret-escaped line feed into CR, so strings here have neither `%` nor line feeds; those follow
 * Chrome DevTools' rules and are tested against a model of cmd's documented parsing in
 * quote-cmd.model.test.ts.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { quoteCmd, type RequestSpec, toCurl } from "../../src/curl/index.js";
import { runCliSync } from "../cli/run-cli.js";
import { describeNeeding } from "../system-deps.js";
import { intendedArgv, nastySpec } from "./arbitraries.js";
import { EVIL_QUERY, writeHostileHar } from "./hostile-har.js";
import { argvInCmd, curlCallsInCmd, startWine, stopWine } from "./wine.js";

/** Printable ASCII but `%`, and TAB, weighted towards what cmd and the C runtime read as syntax. */
const CMD_SYNTAX = ["&", "|", "<", ">", "^", '"', "\\", "\\\\", "(", ")", "!", " ", "\t", "=", ",", ";", "@", "&calc&"];
const printable = fc
  .string({ unit: "binary-ascii", minLength: 1, maxLength: 1 })
  .filter((c) => /^[\x20-\x7e]$/.test(c) && c !== "%");
const cmdString = fc.string({ unit: fc.oneof(fc.constantFrom(...CMD_SYNTAX), printable), maxLength: 24 });

// Wine (Debian wine, wine64; scripts/system-deps.txt suite "cmd-quoting"): skipped where missing, failing under CI.
describeNeeding("cmd-quoting", "cmd quoting (Wine's cmd.exe, fake curl.exe)", () => {
  beforeAll(() => startWine(), 200_000);
  afterAll(() => stopWine());

  it("passes the reported URL as one argument: &calc& runs nothing", { timeout: 180_000 }, () => {
    const url = "https://api.test/items?a=1&calc&b=2";
    expect(argvInCmd([`curl ${quoteCmd(url)}`, `curl ${quoteCmd('a" & calc & "b')}`])).toEqual([
      [url],
      ['a" & calc & "b'],
    ]);
  });

  it("passes any printable ASCII string (no %) as one exact argument", { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(fc.array(cmdString, { minLength: 1, maxLength: 30 }), (values) => {
        expect(argvInCmd(values.map((value) => `curl ${quoteCmd(value)}`))).toEqual(values.map((value) => [value]));
      }),
      { numRuns: 8 },
    );
  });

  it("passes every argument of a whole multi-line command exactly", { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(fc.array(nastySpec(cmdString), { minLength: 1, maxLength: 12 }), (specs: RequestSpec[]) => {
        const commands = specs.map((spec) => toCurl(spec, "cmd"));
        expect(argvInCmd(commands)).toEqual(specs.map((spec) => intendedArgv(spec, (value) => value)));
      }),
      { numRuns: 6 },
    );
  });

  it("runs the CLI's --curl cmd output of a hostile capture: only curl, with the intended arguments", {
    timeout: 180_000,
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), "cors-doctor-cmd-"));
    try {
      const { stdout } = runCliSync(["har", writeHostileHar(dir), "--curl", "cmd"]);
      const expectedCalls = stdout.match(/^curl /gm)?.length ?? 0;
      const { calls, output } = curlCallsInCmd(stdout, expectedCalls);
      // The REM headings quote the URL with its bare `&calc&`: cmd must ignore them.
      expect(output).not.toMatch(/calc|not recognized|pwned/i);
      expect(expectedCalls).toBeGreaterThanOrEqual(14);
      expect(calls).toHaveLength(expectedCalls);
      const put = calls.find((argv) => argv.includes("PUT"));
      expect(put).toContain(`http://127.0.0.1:8782/pfnoheaders${EVIL_QUERY}`);
      // Outside printable ASCII is `?` (curl.exe's ANSI code page); the rest is exact.
      expect(put).toContain("X-Evil: x?; Start-Process calc; ? $(touch pwned) `id` & calc & ?]0;title? ? rev");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
