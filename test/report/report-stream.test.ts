/**
 * A report written as a stream (head, one piece per exchange, tail) is byte for byte the report
 * rendered whole, in every format, however small the chunks; and the JSON pieces are exactly
 * `JSON.stringify(report, null, 2)`.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import {
  buildReport,
  headOf,
  RENDERERS,
  type Report,
  type ReportFormat,
  streamReport,
} from "../../src/report/index.js";

const ENV = {
  browser: "Chrome/156.0.8078.79",
  tool: "cors-doctor 0.1.0 (test)",
  captureMode: "HAR file",
  generatedAt: "2026-11-22T10:00:00.000Z",
};
const FORMATS = Object.keys(RENDERERS) as ReportFormat[];

function reportOf(file: string, count = Number.POSITIVE_INFINITY): Report {
  const read = readHar(JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/har", file), "utf8")));
  if (!read.ok) throw new Error(read.message);
  const items = read.exchanges
    .slice(0, count)
    .map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }));
  return buildReport(items, ENV, { includeSecrets: false, includeBodies: true, stack: "auto" }, () => ({
    request: 'a body\nwith a newline and a "quote"',
    response: null,
  }));
}

async function streamed(format: ReportFormat, report: Report, chunkChars: number): Promise<string[]> {
  const chunks: string[] = [];
  await streamReport(
    RENDERERS[format].parts,
    headOf(report),
    report.exchanges,
    async (chunk) => {
      chunks.push(chunk);
    },
    chunkChars,
  );
  return chunks;
}

describe("reports written as a stream", () => {
  const cases = FORMATS.flatMap((format) =>
    [
      ["chromium-156-sample.har", Number.POSITIVE_INFINITY],
      ["canaries.har", Number.POSITIVE_INFINITY],
      ["canaries.har", 1],
      ["canaries.har", 0],
    ].map(([file, count]) => [format, file, count] as const),
  );

  it.each(cases)("%s of %s (first %d exchanges) equals the whole rendering", async (format, file, count) => {
    const report = reportOf(file as string, count as number);
    const whole = RENDERERS[format].render(report);
    for (const chunkChars of [1, 1000, 1_000_000]) {
      const chunks = await streamed(format, report, chunkChars);
      expect(chunks.join("")).toBe(whole);
      if (chunkChars === 1) expect(chunks.length).toBe(report.exchanges.length + 1);
    }
  });

  it.each([
    ["chromium-156-sample.har", Number.POSITIVE_INFINITY],
    ["canaries.har", 0],
  ])("JSON of %s is exactly JSON.stringify(report, null, 2)", async (file, count) => {
    const report = reportOf(file, count);
    expect((await streamed("json", report, 1)).join("")).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it("refuses a head whose count disagrees with the exchanges", async () => {
    const report = reportOf("canaries.har");
    await expect(
      streamReport(RENDERERS.md.parts, { ...headOf(report), count: 1 }, report.exchanges, async () => {}),
    ).rejects.toThrow(/counted 1 exchanges/);
  });
});
