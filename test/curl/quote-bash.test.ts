/**
 * bash quoting, proven in real bash: each generated command runs with a stub `curl` first on PATH
 * that writes its argv, NUL-separated, to a file; the argv must be exactly the intended arguments.
 * History expansion is switched on (`set -H`), as in an interactive shell.
 */

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { BASH_REPLACEMENT_NOTE, quoteBash, type RequestSpec, toCurl } from "../../src/curl/index.js";
import { intendedArgv, nastySpec, nastyString, wellFormed } from "./arbitraries.js";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-bash-"));
writeFileSync(join(dir, "curl"), `#!/bin/sh\nprintf '%s\\0' "$@" > '${dir}/argv.'"$CALL"\n`);
chmodSync(join(dir, "curl"), 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the commands in one bash (history expansion on), each after `export CALL=<its index>`,
 * and returns the argv the stub curl received for each (null when it was not called).
 */
function argvInBash(commands: readonly string[]): (string[] | null)[] {
  const script = commands.map((command, index) => `export CALL=${index}\n${command}`).join("\n");
  const scriptFile = join(dir, "script.sh");
  writeFileSync(scriptFile, `set -H\n${script}\n`);
  const result = spawnSync("bash", ["--norc", "--noprofile", scriptFile], {
    env: { PATH: `${dir}:/usr/bin:/bin`, LANG: "C" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status, `bash failed: ${result.stderr}`).toBe(0);
  return commands.map((_, index) => {
    const file = join(dir, `argv.${index}`);
    if (!existsSync(file)) return null;
    const argv = readFileSync(file).toString("utf8");
    rmSync(file);
    return argv.slice(0, -1).split("\0");
  });
}

/** What bash can pass: NUL and lone surrogates become U+FFFD. */
const carried = (value: string) => wellFormed(value.replaceAll("\0", "\ufffd"));

describe("bash quoting (real bash, stub curl)", () => {
  it("passes any string as one exact argument", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.array(nastyString(), { minLength: 1, maxLength: 40 }), (values) => {
        const safe = values.map(carried);
        expect(argvInBash(safe.map((value) => `curl ${quoteBash(value)}`))).toEqual(safe.map((value) => [value]));
      }),
      { numRuns: 25 },
    );
  });

  it("passes every argument of a whole command exactly, and says when something was replaced", {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(fc.array(nastySpec(nastyString()), { minLength: 1, maxLength: 20 }), (specs: RequestSpec[]) => {
        const commands = specs.map((spec) => toCurl(spec, "bash"));
        expect(argvInBash(commands)).toEqual(specs.map((spec) => intendedArgv(spec, carried)));
        specs.forEach((spec, index) => {
          const values = [spec.method, spec.url, ...spec.headers.map((h) => h.value)];
          const replaced = values.some((v) => carried(v) !== v);
          expect(commands[index]?.includes(`# ${BASH_REPLACEMENT_NOTE}`)).toBe(replaced);
        });
      }),
      { numRuns: 20 },
    );
  });

  it("writes the reported cases so that bash runs nothing else", { timeout: 20_000 }, () => {
    const marker = join(dir, "pwned");
    const values = [
      `x'; touch ${marker}; '`,
      `x’; touch ${marker}; ’`,
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `a\n touch ${marker}`,
      "!! !-1 !touch",
    ];
    expect(argvInBash(values.map((value) => `curl ${quoteBash(value)}`))).toEqual(values.map((value) => [value]));
    expect(() => readFileSync(marker)).toThrow();
  });

  it("refuses what no argument can hold instead of passing something else", () => {
    expect(() => quoteBash("a\0b")).toThrow(RangeError);
    expect(() => quoteBash("\ud800")).toThrow(RangeError);
  });

  it("shows invisible characters as escapes, never raw", { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(nastyString(), (value) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
        expect(quoteBash(carried(value))).not.toMatch(/[\0-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      }),
      { numRuns: 500 },
    );
    expect(quoteBash("a\x1bb")).toBe("$'a\\x1bb'");
    expect(quoteBash("plain 'quoted'")).toBe("'plain '\\''quoted'\\'''");
  });
});
