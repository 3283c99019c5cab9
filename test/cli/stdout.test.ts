/**
 * Standard output as a file (src/cli/stdout.ts): lines are encoded into one reused buffer and
 * written with writeSync. The bytes must be exactly what Node's own stream writes, for any text
 * (non-ASCII, longer than the buffer), and the CLI's output to a file must equal its output
 * through a pipe.
 */

import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stdoutLines } from "../../src/cli/stdout.js";
import { BIN, runCliSync } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-stdout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("standard output as a file", { timeout: 60_000 }, () => {
  it("writes each text and a newline, byte for byte, through a buffer that grows", () => {
    const path = join(dir, "lines.txt");
    const fd = openSync(path, "w");
    const texts = ["plain", "mode: cors — from _resourceType: fetch", "", "é😀".repeat(300_000), "x".repeat(2_000_000)];
    try {
      const line = stdoutLines({ _type: "fs", fd } as unknown as NodeJS.WriteStream);
      for (const text of texts) line(text);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, "utf8")).toBe(texts.map((text) => `${text}\n`).join(""));
  });

  it("leaves terminals and pipes to Node's stream", () => {
    const written: string[] = [];
    const stream = { write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    stdoutLines(stream)("a");
    expect(written).toEqual(["a\n"]);
  });

  it("gives the CLI's output to a file exactly as through a pipe", () => {
    const har = join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har");
    for (const args of [
      ["har", har, "--json"],
      ["har", har, "--all"],
      ["har", har, "--report", "md"],
    ]) {
      const path = join(dir, "out.txt");
      const fd = openSync(path, "w");
      let code: number | null;
      try {
        code = spawnSync(process.execPath, [BIN, ...args], {
          stdio: ["ignore", fd, "pipe"],
          env: { ...process.env, NO_COLOR: "1" },
        }).status;
      } finally {
        closeSync(fd);
      }
      const piped = runCliSync(args);
      expect(code).toBe(piped.code);
      const strip = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "");
      expect(strip(readFileSync(path, "utf8"))).toBe(strip(piped.stdout));
    }
  });
});
