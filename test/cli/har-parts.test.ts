/**
 * Large HAR files are parsed a part at a time (read-har-file.ts, entriesInParts). The entries and
 * pages must be exactly those of parsing the file whole, in every layout; where a cut cannot be
 * trusted the file is parsed whole, and bad input is reported exactly as the whole parse reports it.
 * Small parts make a few-MB capture exercise hundreds of cuts.
 */

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateHar } from "../../bench/generate-har.js";
import { readHarEntries } from "../../src/cli/read-har-file.js";

const HAR_DIR = join(import.meta.dirname, "../fixtures/har");
const dir = mkdtempSync(join(tmpdir(), "cors-doctor-parts-"));
const IN_PARTS = { partsMinBytes: 0, partBytes: 16 * 1024 };
const WHOLE = { partsMinBytes: Number.POSITIVE_INFINITY };

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Parses `path` in parts and whole; both must give the same entries and pages. */
async function compare(path: string): Promise<boolean> {
  const parts = await readHarEntries(path, IN_PARTS);
  const whole = await readHarEntries(path, WHOLE);
  expect(whole.inParts).toBe(false);
  expect(parts.entries).toEqual(whole.entries);
  expect(parts.pages).toEqual(whole.pages);
  return parts.inParts;
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

// Large captures parsed several ways: up to a minute per case on a loaded 2-core machine.
describe("parsing a large HAR a part at a time", { timeout: 300_000 }, () => {
  const generated = JSON.parse(generateHar(1500, 11)) as { log: Record<string, unknown> };

  it("gives the entries and pages of the whole parse, compact, pretty, bare and with a byte-order mark", async () => {
    expect(await compare(write("compact.har", JSON.stringify(generated)))).toBe(true);
    expect(await compare(write("pretty.har", JSON.stringify(generated, null, 2)))).toBe(true);
    expect(await compare(write("bare.har", JSON.stringify(generated.log, null, "\t")))).toBe(true);
    expect(await compare(write("bom.har", `\uFEFF${JSON.stringify(generated)}`))).toBe(true);
    // pages after the entries: they come from the last part.
    const { pages, ...rest } = generated.log;
    expect(await compare(write("pages-last.har", JSON.stringify({ log: { ...rest, pages } })))).toBe(true);
  });

  it("gives the same entries for every HAR fixture", async () => {
    for (const file of readdirSync(HAR_DIR).filter((f) => f.endsWith(".har"))) await compare(join(HAR_DIR, file));
  });

  it("skips text that only resembles a boundary (a body of JSON objects, a long pages list)", async () => {
    const entries = structuredClone((generated.log.entries as unknown[]).slice(0, 40)) as Array<{
      response: { content: Record<string, unknown> };
    }>;
    (entries[10] as { response: { content: Record<string, unknown> } }).response.content.text =
      '{"a":1},{"b":2},'.repeat(40_000);
    expect(await compare(write("objects-in-body.har", JSON.stringify({ log: { ...generated.log, entries } })))).toBe(
      true,
    );
    const pages = Array.from({ length: 5000 }, (_, n) => ({ id: `page_${n}`, title: `http://app.test/${n}` }));
    const few = (generated.log.entries as unknown[]).slice(0, 20);
    expect(
      await compare(write("many-pages.har", JSON.stringify({ log: { version: "1.2", entries: few, pages } }))),
    ).toBe(true);
  });

  it("reads a file with nowhere to cut (one large entry)", async () => {
    const entry = structuredClone((generated.log.entries as unknown[])[0]) as {
      response: { content: Record<string, unknown> };
    };
    // JSON escapes the quotes of a body, so entry-like text in a string is never taken for a cut.
    entry.response.content.text = '{"request":{},"response":{}},'.repeat(20_000);
    const path = write("one-entry.har", JSON.stringify({ log: { ...generated.log, entries: [entry] } }));
    // One part: the whole file.
    expect(await compare(path)).toBe(true);
  });

  it("parses whole when a cut lands in pages that look like entries", async () => {
    const pages = Array.from({ length: 5000 }, (_, n) => ({ id: `page_${n}`, request: {}, response: {} }));
    const entries = (generated.log.entries as unknown[]).slice(0, 20);
    const path = write("pages-trap.har", JSON.stringify({ log: { version: "1.2", entries, pages } }));
    expect(await compare(path)).toBe(false);
  });

  it("reports a truncated file and a JSON file that is not HAR as the whole parse does", async () => {
    const text = JSON.stringify(generated);
    const truncated = write("truncated.har", text.slice(0, Math.floor(text.length * 0.75)));
    const message = await errorOf(readHarEntries(truncated, IN_PARTS));
    expect(message).toMatch(/is not JSON: /);
    expect(message).toBe(await errorOf(readHarEntries(truncated, WHOLE)));

    const notHar = write("not-har.json", JSON.stringify({ log: { entries: "none", pad: "x".repeat(100_000) } }));
    const notHarMessage = await errorOf(readHarEntries(notHar, IN_PARTS));
    expect(notHarMessage).toContain("not a HAR document");
    expect(notHarMessage).toBe(await errorOf(readHarEntries(notHar, WHOLE)));
  });
});
