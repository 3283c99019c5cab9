/**
 * `har --report` writes its report as a stream: for small captures the CLI's file and standard
 * output are byte for byte the report rendered whole in memory; for a large capture every format
 * completes, and is valid, under a heap smaller than the report itself (the whole-string renderer
 * ran out of memory there, and at 200,000 entries JSON died with "Invalid string length").
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateHar } from "../../bench/generate-har.js";
import { readHar } from "../../src/capture/index.js";
import { VERSION } from "../../src/cli/version.js";
import { diagnose } from "../../src/engine/index.js";
import { buildReport, RENDERERS, type ReportFormat } from "../../src/report/index.js";
import { runCliSync } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-report-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FORMATS: readonly ReportFormat[] = ["md", "html", "json"];

/** The report as the whole-string renderer makes it, for the CLI's generation time. */
function wholeReport(path: string, format: ReportFormat, generatedAt: string, all: boolean): string {
  const read = readHar(JSON.parse(readFileSync(path, "utf8")));
  if (!read.ok) throw new Error(read.message);
  const items = read.exchanges
    .map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }))
    .filter((item) => all || item.diagnosis.verdict !== "not-cors");
  const creator = read.log.creator;
  const report = buildReport(items, {
    browser: creator.name ? `${creator.name} ${creator.version ?? ""}`.trim() : null,
    tool: `cors-doctor ${VERSION} (CLI)`,
    captureMode: `HAR file ${basename(path)}`,
    generatedAt,
  });
  return format === "json" ? `${JSON.stringify(report, null, 2)}\n` : RENDERERS[format].render(report);
}

/** The report's generation time: the first ISO timestamp, in the head. */
const generatedAtOf = (text: string) => /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/.exec(text)?.[0] ?? "";

describe("har --report streams exactly the whole rendering", () => {
  const fixtures = ["chromium-156-sample.har", "edge.har", "repeated-requests.har"];
  const cases = FORMATS.flatMap((format) =>
    fixtures.flatMap((file) => [[format, file, false] as const, [format, file, true] as const]),
  );

  it.each(cases)(
    "%s of %s (--all: %s), to a file and to stdout",
    (format, file, all) => {
      const path = join(import.meta.dirname, "../fixtures/har", file);
      const output = join(dir, `small.${format}`);
      const extra = all ? ["--all"] : [];
      const toFile = runCliSync(["har", path, "--report", format, "-o", output, ...extra]);
      expect(toFile.stderr).toBe("");
      const written = readFileSync(output, "utf8");
      expect(written).toBe(wholeReport(path, format, generatedAtOf(written), all));
      const toStdout = runCliSync(["har", path, "--report", format, ...extra]);
      expect(toStdout.code).toBe(toFile.code);
      expect(toStdout.stdout).toBe(`${wholeReport(path, format, generatedAtOf(toStdout.stdout), all).trimEnd()}\n`);
    },
    60_000,
  );
});

describe("har --report on a large capture", () => {
  const ENTRIES = 20_000;
  const har = join(dir, "large.har");
  beforeAll(() => writeFileSync(har, generateHar(ENTRIES)), 300_000);
  // Below the JSON report's own size (about 54 MB) plus the model it is rendered from, and near
  // what the triage (`har --json`) needs: only a stream that holds no exchange past its turn fits.
  const env = { NODE_OPTIONS: "--max-old-space-size=96" };

  it("writes valid JSON, every exchange of it, under a 96 MB heap", () => {
    const output = join(dir, "large.json");
    const result = runCliSync(["har", har, "--report", "json", "-o", output], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(output, "utf8")) as { schemaVersion: number; exchanges: unknown[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.exchanges.length).toBeGreaterThan(ENTRIES / 4);
    expect(result.stdout).toBe(`report written to ${output} (${report.exchanges.length} requests, secrets redacted)\n`);
  }, 600_000);

  it("writes the Markdown report, every exchange of it, under a 96 MB heap", () => {
    const output = join(dir, "large.md");
    const result = runCliSync(["har", har, "--report", "md", "-o", output], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const text = readFileSync(output, "utf8");
    const count = Number(/^(\d+) requests, \d+ blocked\.$/m.exec(text)?.[1]);
    expect(count).toBeGreaterThan(ENTRIES / 4);
    expect(text.match(/^## \d+\. /gm)?.length).toBe(count);
    expect(text.endsWith("\n")).toBe(true);
  }, 600_000);

  it("writes the HTML report, one section per exchange, under a 96 MB heap", () => {
    const output = join(dir, "large.html");
    const result = runCliSync(["har", har, "--report", "html", "-o", output], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const text = readFileSync(output, "utf8");
    const count = Number(/^<p>(\d+) requests, \d+ blocked\.<\/p>$/m.exec(text)?.[1]);
    expect(count).toBeGreaterThan(ENTRIES / 4);
    expect(text.startsWith("<!doctype html>\n")).toBe(true);
    expect(text.match(/<section>/g)?.length).toBe(count);
    expect(text.match(/<\/section>/g)?.length).toBe(count + (text.match(/<section class="server-fix">/g)?.length ?? 0));
    expect(text.endsWith("\n</body>\n</html>\n")).toBe(true);
  }, 600_000);
});
