import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateHar } from "../../bench/generate-har.js";
import { FIRST_PART_CHARS, HarEntriesScanner, PART_CHARS } from "../../src/panel/state/har-stream.js";

/** Feeds `text` in chunks of `size`; the entries of every part, the head and the end. */
function scan(text: string, size: number) {
  const scanner = new HarEntriesScanner();
  const entries: unknown[] = [];
  const parts: string[] = [];
  let head: string | null = null;
  for (let i = 0; i < text.length; i += size) {
    for (const event of scanner.push(text.slice(i, i + size))) {
      if (event.kind === "head") head = event.document;
      else {
        parts.push(event.text);
        entries.push(...(JSON.parse(`[${event.text}]`) as unknown[]));
      }
    }
  }
  return { entries, parts, head, end: scanner.end() };
}

const CANARIES = readFileSync(join(import.meta.dirname, "../fixtures/har/canaries.har"), "utf8");

describe("reading a HAR document's entries as its text arrives", { timeout: 60_000 }, () => {
  it("cuts at the entries array's own commas, whatever the chunks: the same entries as one JSON.parse", () => {
    const text = generateHar(1_500);
    const whole = (JSON.parse(text) as { log: { entries: unknown[] } }).log.entries;
    for (const size of [7, 1_000, 65_536, text.length]) {
      const { entries, parts, head, end } = scan(text, size);
      expect(entries).toEqual(whole);
      expect(parts.length).toBeGreaterThan(2);
      // Each part but the last stops at the first entry boundary past its size (the first is smaller).
      expect(parts[0]?.length).toBeGreaterThanOrEqual(FIRST_PART_CHARS);
      expect(parts[0]?.length).toBeLessThan(PART_CHARS);
      for (const part of parts.slice(1, -1)) expect(part.length).toBeGreaterThanOrEqual(PART_CHARS);
      expect(JSON.parse(head as string).log.entries).toEqual([]);
      expect(JSON.parse(end as string).log.creator.name).toBe("WebInspector");
    }
  });

  it("reads strings with escaped quotes and backslashes split between chunks, one character at a time", () => {
    const entry = (url: string) => ({ request: { url, method: "GET", headers: [] }, response: { status: 200 } });
    const doc = {
      log: { creator: { name: 'x "quoted" \\', version: "1" }, entries: [entry('a"],}\\'), entry('b\\\\\\"')] },
    };
    const { entries, end } = scan(`\uFEFF${JSON.stringify(doc, null, 2)}`, 1);
    expect(entries).toEqual(doc.log.entries);
    expect(JSON.parse(end as string).log.creator.name).toBe('x "quoted" \\');
  });

  it("finds the entries of a bare log (getHAR() saved as-is) and keeps what follows them", () => {
    const entries = (JSON.parse(CANARIES) as { log: { entries: unknown[] } }).log.entries;
    const text = JSON.stringify({ version: "1.2", entries, creator: { name: "WebInspector", version: "1" } });
    const read = scan(text, 100);
    expect(read.entries).toEqual(entries);
    expect(JSON.parse(read.end as string).creator.name).toBe("WebInspector");
  });

  it("gives no end for text that is not a HAR document's entries (the caller reads it whole)", () => {
    expect(scan('{"hello": [1, 2]}', 3).end).toBeNull();
    expect(scan('{"pages": [{"entries": [1]}]}', 3).end).toBeNull();
    // Cut short: the entries array never closes.
    expect(scan(CANARIES.slice(0, CANARIES.length / 2), 64).end).toBeNull();
  });
});
