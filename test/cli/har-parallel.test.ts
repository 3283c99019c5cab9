/**
 * `cors-doctor har` on several threads prints exactly what it prints on one: for every HAR
 * fixture, a generated capture in several layouts, every output mode, and files built to make a
 * cut land where it must not (inside a string, inside `pages`), where it falls back to one thread.
 */

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateHar } from "../../bench/generate-har.js";
import { PARALLEL_MIN_BYTES, threadCount } from "../../src/cli/har-command.js";
import { entriesOfPart, findEntryBoundary, type HarPart } from "../../src/cli/har-split.js";
import { runCliSync } from "./run-cli.js";

const HAR_DIR = join(import.meta.dirname, "../fixtures/har");
const dir = mkdtempSync(join(tmpdir(), "cors-doctor-parallel-"));

const run = (args: string[]) => runCliSync(args, { CORS_DOCTOR_DEBUG: "1" });

/** Runs one file on 1 and on `threads` threads and returns which path the parallel run took. */
function compare(path: string, threads: number, extra: string[] = []): string {
  const serial = run(["har", path, "--threads", "1", ...extra]);
  const parallel = run(["har", path, "--threads", String(threads), ...extra]);
  expect(parallel.stdout, `${path} ${extra.join(" ")}`).toBe(serial.stdout);
  expect(parallel.code).toBe(serial.code);
  expect(serial.stderr).toBe("");
  return parallel.stderr;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Each case spawns the CLI a dozen times on a few-MB capture: 90-100 s on a loaded 2-core machine.
describe("har on several threads", { timeout: 300_000 }, () => {
  const generated = JSON.parse(generateHar(2000, 7)) as { log: Record<string, unknown> };

  it("matches one thread on every HAR fixture", () => {
    for (const file of readdirSync(HAR_DIR).filter((f) => f.endsWith(".har"))) {
      for (const mode of [["--json"], ["--all"]]) {
        const stderr = compare(join(HAR_DIR, file), 2, mode);
        expect(stderr).toMatch(/parallel path|serial path: no boundary/);
      }
    }
  });

  it("matches one thread on a generated capture, in every output mode and thread count", () => {
    const path = write("generated.har", JSON.stringify(generated));
    for (const mode of [["--json"], [], ["--all", "--explain"]]) {
      expect(compare(path, 3, mode)).toContain("parallel path, 3 parts");
    }
    // The per-server fixes merge every exchange: --fix reads in one thread, with the same output.
    for (const mode of [
      ["--fix", "auto"],
      ["--json", "--fix", "express"],
    ]) {
      expect(compare(path, 3, mode)).not.toContain("parallel path");
    }
    expect(compare(path, 2)).toContain("parallel path, 2 parts");
  });

  it("numbers entries by their place in the whole file in every thread (keys of entries without a start time)", () => {
    // Entries whose key is their index: no start time, or malformed. The same request again and
    // again: numbered within its thread's part instead of the file, two would share a key and be
    // taken for copies of one request.
    const entry = structuredClone((generated.log.entries as Array<Record<string, unknown>>)[3]) as Record<
      string,
      unknown
    >;
    delete entry.startedDateTime;
    const entries = Array.from({ length: 3000 }, (_, i) =>
      i % 301 === 50 ? { request: "not an object", response: {} } : entry,
    );
    const path = write("indexed-keys.har", JSON.stringify({ log: { ...generated.log, entries } }));
    for (const mode of [["--json"], ["--all"]]) expect(compare(path, 3, mode)).toContain("parallel path, 3 parts");
  });

  it("cuts pretty-printed files, bare logs (getHAR) and files with a byte-order mark", () => {
    const pretty = write("pretty.har", JSON.stringify(generated, null, 2));
    expect(compare(pretty, 4, ["--json"])).toContain("parallel path, 4 parts");
    const bare = write("bare.har", JSON.stringify(generated.log, null, "\t"));
    expect(compare(bare, 2, ["--json"])).toContain("parallel path, 2 parts");
    const bom = write("bom.har", `\uFEFF${JSON.stringify(generated)}`);
    expect(compare(bom, 2, ["--json"])).toContain("parallel path, 2 parts");
  });

  it("falls back to one thread when the cut would land inside a string", () => {
    const entries = generated.log.entries as Array<{ response: { content: Record<string, unknown> } }>;
    const copy = structuredClone(entries.slice(0, 40));
    // A body that looks like entry boundaries, large enough to hold the middle of the file.
    (copy[10] as { response: { content: Record<string, unknown> } }).response.content.text = '{"a":1},{"b":2},'.repeat(
      40_000,
    );
    const path = write("string-trap.har", JSON.stringify({ log: { ...generated.log, entries: copy } }));
    expect(compare(path, 2, ["--json"])).toContain("serial path: ");
  });

  it("falls back to one thread when the cut would land in pages, not entries", () => {
    const pages = Array.from({ length: 5000 }, (_, n) => ({ id: `page_${n}`, title: `http://app.test/${n}` }));
    const entries = (generated.log.entries as unknown[]).slice(0, 20);
    const path = write("pages-trap.har", JSON.stringify({ log: { version: "1.2", entries, pages } }));
    expect(compare(path, 2, ["--json"])).toContain("serial path: ");
  });

  it("reports bad JSON exactly as one thread does", () => {
    const text = JSON.stringify(generated);
    const path = write("truncated.har", text.slice(0, Math.floor(text.length * 0.75)));
    const serial = run(["har", path, "--threads", "1"]);
    const parallel = run(["har", path, "--threads", "2"]);
    expect(serial.code).toBe(2);
    expect(serial.stderr).toMatch(/is not JSON: /);
    expect(parallel.code).toBe(2);
    expect(parallel.stdout).toBe("");
    expect(parallel.stderr).toMatch(/^cors-doctor: serial path: .*\n/);
    expect(parallel.stderr.replace(/^cors-doctor: serial path: .*\n/, "")).toBe(serial.stderr);
  });

  it("rejects a --threads that is not a small whole number", () => {
    for (const bad of ["0", "1.5", "many", "99"]) {
      const result = run(["har", join(HAR_DIR, "edge.har"), "--threads", bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--threads must be a whole number from 1 to 16");
    }
  });
});

describe("how many threads", () => {
  it("uses threads by default only for large files on 4 or more cores, at most 4", () => {
    const large = PARALLEL_MIN_BYTES;
    expect(threadCount(undefined, large, 2)).toBe(1);
    expect(threadCount(undefined, large, 4)).toBe(4);
    expect(threadCount(undefined, large, 16)).toBe(4);
    expect(threadCount(undefined, large - 1, 16)).toBe(1);
    expect(threadCount("3", 10, 2)).toBe(3);
  });
});

describe("cutting a HAR", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("finds the comma before a whole entry, whitespace allowed, and skips header lists", () => {
    const entry = '{"request":{"headers":[{"name":"a","value":"}"},{"name":"b","value":"c"}]},"response":{}}';
    const text = `"x":1},{"name":"a","value":"b"},${entry},${entry}`;
    expect(findEntryBoundary(bytes(text))).toBe(text.indexOf(`,${entry}`));
    expect(findEntryBoundary(bytes(`}\n  ,\r\n\t${entry}`))).toBe(4);
    // The entry after the comma must be whole, and the comma must follow an object.
    expect(findEntryBoundary(bytes(`},${entry.slice(0, -1)}`))).toBe(-1);
    expect(findEntryBoundary(bytes(`1,${entry}`))).toBe(-1);
    expect(findEntryBoundary(bytes('"a", "b", [1,2]'))).toBe(-1);
  });

  it("accepts a part only when it ends and starts inside log.entries", () => {
    const part = (first: boolean, last: boolean, wrapped = true): HarPart => ({
      start: 0,
      end: 0,
      prefix: "",
      suffix: "",
      first,
      last,
      wrapped,
    });
    expect(entriesOfPart({ log: { version: "1.2", entries: [1] } }, part(true, false))).toEqual([1]);
    expect(entriesOfPart({ log: { entries: [1], pages: [] } }, part(true, false))).toBeNull();
    expect(entriesOfPart({ log: { entries: [2], comment: "" } }, part(false, true))).toEqual([2]);
    expect(entriesOfPart({ log: { pages: [], entries: [2] } }, part(false, true))).toBeNull();
    expect(entriesOfPart({ entries: [3] }, part(false, false, false))).toEqual([3]);
    expect(entriesOfPart({ log: { entries: {} } }, part(true, false))).toBeNull();
    expect(entriesOfPart([], part(true, true))).toBeNull();
  });
});

// The generated capture is a realistic mix only if it holds every kind of exchange.
it("the generated capture used here holds blocked, allowed and not-CORS requests", { timeout: 30_000 }, () => {
  const path = join(dir, "generated.har");
  const verdicts = new Set(
    (
      JSON.parse(run(["har", path, "--json", "--threads", "1"]).stdout) as { exchanges: { verdict: string }[] }
    ).exchanges.map((e) => e.verdict),
  );
  for (const verdict of ["blocked", "allowed", "not-cors"]) expect(verdicts).toContain(verdict);
  expect(readFileSync(path, "utf8").length).toBeGreaterThan(1_000_000);
});
