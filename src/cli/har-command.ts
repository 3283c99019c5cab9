import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { pairEntries, toCapturedExchange } from "../capture/index.js";
import type { Verdict } from "../engine/index.js";
import { terminalSafe } from "../explain/terminal-safe.js";
import type { DiagnosedExchange, StackId } from "../fixes/index.js";
import type { BrowserChoice } from "../report/browsers-json.js";
import { serverFixesOfHar } from "../report/har-json.js";
import type { ReportFormat } from "../report/index.js";
import { type CurlFlavor, renderCurlCommands } from "./curl-output.js";
import { runEmitPolicy } from "./emit-policy.js";
import { UsageError } from "./errors.js";
import { getExitCode } from "./exit-codes.js";
import { renderServerFixes } from "./fix-output.js";
import { renderExchangeOutput, streamOutput, wrapOutput } from "./har-output.js";
import { diagnoseInParallel, parallelAvailable } from "./har-parallel.js";
import { writeHarReport } from "./har-report.js";
import { note, startProgress } from "./progress.js";
import { readHarEntries, readHarFile } from "./read-har-file.js";

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
  /** Write the CORS contract the capture shows (src/policy) instead of the diagnosis. */
  readonly emitPolicy?: boolean;
  /** Answer for this browser, or all three (default chrome). */
  readonly browser?: BrowserChoice;
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
    browser: options.browser,
  };
  if ((options.browser ?? "chrome") !== "chrome" && (options.emitPolicy || options.curl)) {
    throw new UsageError(
      "--browser cannot be combined with --emit-policy or --curl (they do not depend on the browser)",
    );
  }
  if (options.emitPolicy) {
    if (options.json || options.report || options.curl || options.fix)
      throw new UsageError("--emit-policy cannot be combined with --json, --report, --curl or --fix");
    return runEmitPolicy(path, options.output, out);
  }
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
    // The per-server fixes need every exchange in one place: --fix reads in one thread.
    if (threads > 1 && size > 0 && parallelAvailable() && !options.fix) {
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
  if (options.report) return writeHarReport(path, options, out);
  // Exchanges are built one at a time as they are diagnosed: holding all of them at once made a
  // large file's garbage collection slower than building them.
  const { entries, pages, producer, inParts } = await readHarEntries(path);
  if (inParts) debug("parsed in parts");
  const { exchanges, documentIps } = pairEntries(entries);
  // Output streams as it is made; on a terminal that is progress enough, and a progress line on
  // stderr would land between its lines.
  const progress = process.stdout.isTTY
    ? startProgress("diagnosing", 0)
    : startProgress("diagnosing", exchanges.length);
  const output = streamOutput(outputOptions, out);
  const verdicts: Verdict[] = [];
  const diagnosed: DiagnosedExchange[] = [];
  exchanges.forEach((stored, index) => {
    progress.update(index + 1);
    const result = renderExchangeOutput(
      toCapturedExchange(stored, { pages, producer: producer.kind }, documentIps),
      outputOptions,
    );
    output.add(result.chunk);
    verdicts.push(result.verdict);
    if (result.diagnosed) diagnosed.push(result.diagnosed);
  });
  progress.finish();
  const stack = options.fix;
  output.finish(
    verdicts,
    stack
      ? {
          json: options.json ? serverFixesOfHar(diagnosed, stack) : null,
          text: options.json ? "" : renderServerFixes(diagnosed, stack),
        }
      : undefined,
  );
  return getExitCode(verdicts);
}
