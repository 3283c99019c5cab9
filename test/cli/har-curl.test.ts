/**
 * `cors-doctor har <file> --curl <shell>`: every exchange's preflight and request as commands,
 * redacted by default. The bash output of a capture with hostile values is run in real bash with
 * a stub curl; every flavour's output is checked for raw control and bidi characters.
 */

import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EVIL_QUERY, EVIL_VALUE, SAMPLE_HAR as SAMPLE, writeHostileHar } from "../curl/hostile-har.js";
import { runCliSync } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-curl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostileHar = () => writeHostileHar(dir);

/** Runs a bash script with a stub curl first on PATH; returns each call's argv. */
function curlCallsInBash(script: string): string[][] {
  const calls = join(dir, "calls");
  rmSync(calls, { recursive: true, force: true });
  spawnSync("mkdir", ["-p", calls]);
  writeFileSync(
    join(dir, "curl"),
    `#!/bin/sh\nn=$(ls '${calls}' | wc -l)\nprintf '%s\\0' "$@" > '${calls}/'$(printf '%03d' "$n")\n`,
  );
  chmodSync(join(dir, "curl"), 0o755);
  const result = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
    cwd: dir,
    env: { PATH: `${dir}:/usr/bin:/bin`, LANG: "C.UTF-8" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return readdirSync(calls)
    .sort()
    .map((file) => readFileSync(join(calls, file), "utf8").slice(0, -1).split("\0"));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: what must never reach the terminal raw
const RAW_CONTROL = /[\0-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe("cors-doctor har --curl", () => {
  it("prints each request and its preflight for bash, secrets redacted, and exits as har does", {
    timeout: 30_000,
  }, () => {
    const { code, stdout } = runCliSync(["har", SAMPLE, "--curl", "bash"]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "# 2. DELETE http://127.0.0.1:8782/pf404: blocked\n# The preflight:\ncurl -i -X 'OPTIONS'",
    );
    expect(stdout).toContain("-H 'Access-Control-Request-Method: DELETE'");
    expect(stdout).toContain("-H 'Authorization: Bearer [redacted]'");
    expect(stdout).not.toContain("Bearer x'");
    const calls = curlCallsInBash(stdout);
    // 12 CORS requests, 5 of them with a preflight (4 recorded and one the engine requires).
    expect(calls.length).toBeGreaterThanOrEqual(12);
    expect(calls).toContainEqual([
      "-i",
      "-X",
      "OPTIONS",
      "--globoff",
      "--url",
      "http://127.0.0.1:8782/pf404",
      "-H",
      "Origin: http://127.0.0.1:8781",
      "-H",
      "Access-Control-Request-Method: DELETE",
      "-H",
      "Access-Control-Request-Headers: authorization",
    ]);
  });

  it("keeps secrets with --include-secrets", { timeout: 30_000 }, () => {
    const { stdout } = runCliSync(["har", SAMPLE, "--curl", "bash", "--include-secrets"]);
    expect(stdout).toContain("-H 'Authorization: Bearer x'");
    expect(stdout).not.toContain("Secrets are redacted");
  });

  it("passes hostile values to curl exactly in real bash, and runs nothing else", { timeout: 30_000 }, () => {
    const { stdout } = runCliSync(["har", hostileHar(), "--curl", "bash"]);
    const calls = curlCallsInBash(stdout);
    const put = calls.find((argv) => argv.includes("PUT"));
    expect(put).toContain(`X-Evil: ${EVIL_VALUE}`);
    expect(put).toContain(`http://127.0.0.1:8782/pfnoheaders${EVIL_QUERY}`);
    expect(() => readFileSync(join(dir, "pwned"))).toThrow();
  });

  it.each(["bash", "cmd", "powershell", "windows-powershell", "fetch"])(
    "%s: no raw control or bidi character in the output, and each flavour's own quoting",
    { timeout: 30_000 },
    (flavor) => {
      const { code, stdout, stderr } = runCliSync(["har", hostileHar(), "--curl", flavor]);
      expect(stderr).toBe("");
      expect(code).toBe(1);
      expect(stdout).not.toMatch(RAW_CONTROL);
      const expected = {
        bash: "Start-Process calc; ’ $(touch pwned)",
        cmd: "x?; Start-Process calc; ? $^(touch pwned^) `id` ^& calc ^&",
        powershell: "'X-Evil' = ('x’’; Start-Process calc; ’’ $(touch pwned) `id` & calc & ' + [char]0x001b",
        "windows-powershell": "-ErrorAction Stop",
        fetch:
          '["X-Evil", "x’; Start-Process calc; ’ $(touch pwned) `id` \\u0026 calc \\u0026 \\u001b]0;title\\u0007 \\u202e rev"]',
      }[flavor] as string;
      expect(stdout).toContain(expected);
    },
  );

  it("lists the shells in --help and refuses an unknown one or --curl with --json", { timeout: 30_000 }, () => {
    const help = runCliSync(["har", "--help"]);
    expect(help.stdout).toMatch(/--curl <shell>/);
    expect(help.stdout).toMatch(/windows-powershell/);
    const unknown = runCliSync(["har", SAMPLE, "--curl", "zsh"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Allowed choices are bash, cmd, powershell, windows-powershell, fetch/);
    const both = runCliSync(["har", SAMPLE, "--curl", "bash", "--json"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("cors-doctor: --curl cannot be combined with --json or --report\n");
  });
});
