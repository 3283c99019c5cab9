import { stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { type CapturedExchange, pairEntries, toCapturedExchange } from "../capture/index.js";
import { diagnose, type Verdict } from "../engine/index.js";
import { terminalSafe } from "../explain/terminal-safe.js";
import type { StackId } from "../fixes/index.js";
import { buildReport, RENDERERS, type ReportFormat } from "../report/index.js";
import { type CurlFlavor, renderCurlCommands } from "./curl-output.js";
import { UsageError } from "./errors.js";
import { getExitCode } from "./exit-codes.js";
import { renderExchangeOutput, streamOutput, wrapOutput } from "./har-output.js";
import { diagnoseInParallel, parallelAvailable } from "./har-parallel.js";
import { note, startProgress } from "./progress.js";
import { readHarEntries, readHarFile } from "./read-har-file.js";
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
  /** Worker threads for the summary (`--threads`); by default several only for large files. */
  readonly threads?: string;
  /** Print each exchange's preflight and request as commands for this shell, or as fetch(). */
  readonly curl?: CurlFlavor;
}

/** Files at least this large are read by several threads unless `--threads` says otherwise. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const MAX_THREADS = 16;

/**
 * Threads pay off only with cores to spare: on 2 cores the parallel path measured no faster than
 * one thread (bench/har.ts; diagnosis allocates heavily, and the threads' garbage collection
 * competes for the same cores) and held 270 MB more.
 */
const PARALLEL_MIN_CORES = 4;

/** `--threads` as a number, or the default for a file of `size` bytes. */
export function threadCount(option: string | undefined, size: number, cores = availableParallelism()): number {
  if (option === undefined) {
    return size >= PARALLEL_MIN_BYTES && cores >= PARALLEL_MIN_CORES ? Math.min(cores, 4) : 1;
  }
  const threads = Number(option);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new UsageError(`--threads must be a whole number from 1 to ${MAX_THREADS}, not "${option}"`);
  }
  return threads;
}

/** With CORS_DOCTOR_DEBUG set: which path ran, on stderr (tests check the parallel path really ran). */
function debug(text: string): void {
  if (process.env.CORS_DOCTOR_DEBUG) process.stderr.write(`cors-doctor: ${terminalSafe(text)}\n`);
}

/** `cors-doctor har <file>`: diagnose every exchange of a HAR file. Returns the exit code. */
export async function runHar(path: string, options: HarOptions, out: (text: string) => void): Promise<number> {
  const outputOptions = {
    json: options.json,
    explain: options.explain,
    all: options.all,
    fix: options.fix,
    includeSecrets: options.includeSecrets,
  };
  if (options.curl) {
    if (options.json || options.report) throw new UsageError("--curl cannot be combined with --json or --report");
    const { text, verdicts } = renderCurlCommands((await readHarFile(path)).exchanges, options.curl, options);
    out(text);
    return getExitCode(verdicts);
  }
  if (!options.report) {
    const size = await stat(path).then(
      (info) => (info.isFile() ? info.size : 0),
      () => 0,
    );
    const threads = threadCount(options.threads, size);
    if (threads > 1 && size > 0 && parallelAvailable()) {
      note(`reading ${terminalSafe(path)} (${Math.round(size / 1024 / 1024)} MB) in ${threads} threads…`);
      const result = await diagnoseInParallel(path, size, threads, outputOptions, (total) =>
        startProgress("diagnosing", total),
      );
      note("");
      debug(result.ok ? `parallel path, ${result.parts} parts` : `serial path: ${result.reason}`);
      if (result.ok) {
        out(wrapOutput(result.body, result.verdicts, outputOptions));
        return getExitCode(result.verdicts);
      }
    }
  }
  if (options.report) return writeReport(path, await readHarFile(path), options, out);
  // Exchanges are built one at a time as they are diagnosed: holding all of them at once made a
  // large file's garbage collection slower than building them.
  const { entries, pages, inParts } = await readHarEntries(path);
  if (inParts) debug("parsed in parts");
  const { exchanges, documentIps } = pairEntries(entries);
  // Output streams as it is made; on a terminal that is progress enough, and a progress line on
  // stderr would land between its lines.
  const progress = process.stdout.isTTY
    ? startProgress("diagnosing", 0)
    : startProgress("diagnosing", exchanges.length);
  const output = streamOutput(outputOptions, out);
  const verdicts: Verdict[] = [];
  exchanges.forEach((stored, index) => {
    progress.update(index + 1);
    const result = renderExchangeOutput(toCapturedExchange(stored, { pages }, documentIps), outputOptions);
    output.add(result.chunk);
    verdicts.push(result.verdict);
  });
  progress.finish();
  output.finish(verdicts);
  return getExitCode(verdicts);
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
      `report written to ${terminalSafe(options.output)} (${report.exchanges.length} requests, secrets ${report.redacted ? "redacted" : "included"})`,
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
