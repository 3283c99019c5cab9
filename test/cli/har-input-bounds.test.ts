/**
 * `har` reads only regular files: /dev/zero, a named pipe and a directory are refused at once with
 * one line and exit 2, on every path (summary, --json, --report, --threads), instead of reading
 * forever or waiting for a writer that never comes.
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-bounds-"));
const fifo = join(dir, "capture.har");
execFileSync("mkfifo", [fifo]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODES: ReadonlyArray<readonly string[]> = [[], ["--json"], ["--report", "json"], ["--threads", "2"]];

describe("har refuses what is not a regular file", () => {
  it.each([
    ["/dev/zero", "/dev/zero", "a character device"],
    ["a named pipe", fifo, "a named pipe (FIFO)"],
    ["a directory", dir, "a directory"],
  ])(
    "%s: exit 2 and one line, in every mode",
    async (_, path, kind) => {
      for (const mode of MODES) {
        const result = await runCli(["har", path, ...mode]);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(`cors-doctor: ${path} is ${kind}, not a HAR file: only regular files are read\n`);
      }
    },
    60_000,
  );
});

describe("har refuses a file over its 2 GiB limit", () => {
  it("says the size and the limit, without reading it (a sparse file)", async () => {
    const big = join(dir, "big.har");
    writeFileSync(big, "");
    truncateSync(big, 3 * 1024 ** 3);
    const result = await runCli(["har", big]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`cors-doctor: ${big} is 3.0 GiB: HAR files up to 2 GiB are read (split the capture)\n`);
  }, 30_000);
});
