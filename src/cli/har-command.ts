import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { CapturedExchange } from "../capture/index.js";
import { diagnose } from "../engine/index.js";
import type { StackId } from "../fixes/index.js";
import { buildReport, RENDERERS, type ReportFormat } from "../report/index.js";
import { summarizeExchange } from "../report/summary.js";
import { UsageError } from "./errors.js";
import { getExitCode } from "./exit-codes.js";
import { fixFor, renderFix } from "./fix-output.js";
import { startProgress } from "./progress.js";
import { readHarFile } from "./read-har-file.js";
import { renderExchange, renderTotals } from "./render-text.js";
import { VERSION } from "./version.js";

export interface HarOptions {
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly all?: boolean;
  /** Print the fix for this stack ("auto": the detected one) for every blocked exchange. */
  readonly fix?: StackId | "auto";
  /** Write a shareable report in this format instead of the summary. */
  readonly report?: ReportFormat;
  /** Where the report goes (stdout when absent). */
  readonly output?: string;
  readonly includeSecrets?: boolean;
  readonly includeBodies?: boolean;
}

/** `cors-doctor har <file>`: diagnose every exchange of a HAR file. Returns the exit code. */
export async function runHar(path: string, options: HarOptions, out: (text: string) => void): Promise<number> {
  const har = await readHarFile(path);
  if (options.report) return writeReport(path, har, options, out);
  const progress = startProgress("diagnosing", har.exchanges.length);
  const results = har.exchanges.map((captured, index) => {
    progress.update(index + 1);
    const diagnosis = diagnose(captured.exchange);
    const fix = options.fix && diagnosis.verdict === "blocked" ? fixFor(captured, diagnosis, options.fix) : null;
    return { diagnosis, summary: summarizeExchange(captured, diagnosis), fix };
  });
  progress.finish();
  if (options.json) {
    const exchanges = results.map((r) => (options.fix ? { ...r.summary, fix: r.fix } : r.summary));
    out(JSON.stringify({ exchanges }, null, 2));
  } else {
    const shown = options.all ? results : results.filter((r) => r.summary.verdict !== "not-cors");
    for (const { summary, diagnosis, fix } of shown) {
      out(renderExchange(summary, diagnosis, { explain: options.explain ?? false, all: options.all ?? false }));
      if (fix) out(renderFix(fix));
    }
    out(renderTotals(results.map((r) => r.summary)));
  }
  return getExitCode(results.map((r) => r.summary.verdict));
}

type ReadHar = Awaited<ReturnType<typeof readHarFile>>;

/** `--report md|html|json`: every CORS exchange (all with --all), redacted unless asked otherwise. */
async function writeReport(
  path: string,
  har: ReadHar,
  options: HarOptions,
  out: (text: string) => void,
): Promise<number> {
  const items = har.exchanges
    .map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }))
    .filter((item) => options.all || item.diagnosis.verdict !== "not-cors");
  const bodies = bodiesFromHar(har);
  const report = buildReport(
    items,
    {
      browser: har.log.creator.name ? `${har.log.creator.name} ${har.log.creator.version ?? ""}`.trim() : null,
      tool: `cors-doctor ${VERSION} (CLI)`,
      captureMode: `HAR file ${basename(path)}`,
      generatedAt: new Date().toISOString(),
    },
    {
      includeSecrets: options.includeSecrets ?? false,
      includeBodies: options.includeBodies ?? false,
      stack: options.fix ?? "auto",
    },
    bodies,
  );
  const text = RENDERERS[options.report as ReportFormat].render(report);
  if (options.output) {
    try {
      await writeFile(options.output, text);
    } catch (error) {
      throw new UsageError(`cannot write ${options.output}: ${(error as Error).message}`);
    }
    out(
      `report written to ${options.output} (${report.exchanges.length} requests, secrets ${report.redacted ? "redacted" : "included"})`,
    );
  } else {
    out(text.trimEnd());
  }
  return getExitCode(items.map((item) => item.diagnosis.verdict));
}

/** Request and response bodies from the raw HAR entries, matched by the capture's entry key. */
function bodiesFromHar(
  har: ReadHar,
): (captured: CapturedExchange) => { request: string | null; response: string | null } | null {
  const byKey = new Map<string, { request: string | null; response: string | null }>();
  har.entries.forEach((entry, index) => {
    const raw = har.log.entries[index] as {
      request?: { postData?: { text?: unknown } };
      response?: { content?: { text?: unknown } };
    };
    const request = typeof raw?.request?.postData?.text === "string" ? raw.request.postData.text : null;
    const response = typeof raw?.response?.content?.text === "string" ? raw.response.content.text : null;
    if (request !== null || response !== null) byKey.set(entry.key, { request, response });
  });
  return (captured) => {
    const last = captured.hopEntries[captured.hopEntries.length - 1];
    const first = captured.hopEntries[0];
    const found = [first, last].map((e) => (e ? byKey.get(e.key) : undefined)).find((b) => b !== undefined);
    return found ?? null;
  };
}
