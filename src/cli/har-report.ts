/**
 * `cors-doctor har <file> --report md|html|json`: the report is written as a stream, exchange by
 * exchange, to the output file or standard output. Two passes over the capture: the first only
 * diagnoses (the head states how many requests are reported and how many are blocked), the second
 * builds, renders and writes each exchange and lets it go. Memory holds the capture's entries (as
 * the triage does) and one exchange's report, never the whole report nor the exchanges: the head's
 * per-server fixes are accumulated in pass 1 (ServerFixAccumulator: per server the merged policy's
 * lists, the requests it covers and the identified responses).
 */

import { createWriteStream } from "node:fs";
import { basename } from "node:path";
import type { Writable } from "node:stream";
import { type CapturedExchange, type HarLog, pairEntries, toCapturedExchange } from "../capture/index.js";
import { diagnose, type Verdict } from "../engine/index.js";
import { terminalSafe } from "../explain/terminal-safe.js";
import { ServerFixAccumulator } from "../fixes/index.js";
import { redactCaptured } from "../redact/index.js";
import {
  type BodySource,
  type DiagnosedCapture,
  RENDERERS,
  REPORT_SCHEMA_VERSION,
  type ReportFormat,
  type ReportHead,
  type ReportOptions,
  reportFixesOf,
  reportRedactedExchange,
  streamReport,
} from "../report/index.js";
import { UsageError } from "./errors.js";
import { getExitCode } from "./exit-codes.js";
import type { HarOptions } from "./har-command.js";
import { startProgress } from "./progress.js";
import { readHarEntries, readHarFile } from "./read-har-file.js";
import { VERSION } from "./version.js";

/** The capture's exchanges, built afresh on each call (each pass lets them go as it moves on). */
interface ReportSource {
  readonly count: number;
  readonly browser: string | null;
  exchange(index: number): CapturedExchange;
  readonly bodies: BodySource | undefined;
}

export async function writeHarReport(path: string, options: HarOptions, out: (text: string) => void): Promise<number> {
  const format = options.report as ReportFormat;
  const source = await reportSource(path, options.includeBodies ?? false);
  const reportOptions: ReportOptions = {
    includeSecrets: options.includeSecrets ?? false,
    includeBodies: options.includeBodies ?? false,
    stack: options.fix ?? "auto",
  };
  // Each exchange is redacted (unless secrets are asked for) and diagnosed once per pass: the
  // redacted copy's verdict is the capture's (test/redact/fidelity.test.ts), and every string the
  // report derives from it is redacted by construction.
  const prepare = (index: number): DiagnosedCapture & { raw: CapturedExchange } => {
    const raw = source.exchange(index);
    const captured = redactCaptured(raw, reportOptions);
    return { raw, captured, diagnosis: diagnose(captured.exchange) };
  };
  // Pass 1: which exchanges the report holds, their verdicts (for the head and the exit code), and
  // the per-server fixes, accumulated from each redacted CORS exchange as it goes by.
  let kept = 0;
  let blocked = 0;
  const verdicts: Verdict[] = [];
  const fixes = new ServerFixAccumulator();
  const pass1 = startProgress("diagnosing", source.count);
  for (let index = 0; index < source.count; index++) {
    pass1.update(index + 1);
    const { captured, diagnosis } = prepare(index);
    const verdict = diagnosis.verdict;
    if (verdict === "allowed" || verdict === "blocked") fixes.add({ exchange: captured.exchange, diagnosis });
    if (!options.all && verdict === "not-cors") continue;
    kept++;
    if (verdict === "blocked") blocked++;
    verdicts.push(verdict);
  }
  pass1.finish();
  const head: ReportHead = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    environment: {
      browser: source.browser,
      tool: `cors-doctor ${VERSION} (CLI)`,
      captureMode: `HAR file ${basename(path)}`,
      generatedAt: new Date().toISOString(),
    },
    redacted: !reportOptions.includeSecrets,
    bodiesIncluded: reportOptions.includeBodies && source.bodies !== undefined,
    count: kept,
    blocked,
    fixes: reportFixesOf(fixes.finish(reportOptions.stack)),
  };
  // Pass 2: each exchange built again, diagnosed, reported, written and dropped.
  const pass2 = startProgress("writing the report", kept);
  function* exchanges() {
    let done = 0;
    for (let index = 0; index < source.count; index++) {
      const { raw, captured, diagnosis } = prepare(index);
      if (!options.all && diagnosis.verdict === "not-cors") continue;
      pass2.update(++done);
      const bodyText = reportOptions.includeBodies && source.bodies ? source.bodies(raw) : null;
      yield reportRedactedExchange({ captured, diagnosis }, reportOptions, bodyText);
    }
  }
  const sink = options.output ? await fileSink(options.output) : stdoutSink();
  try {
    await streamReport(RENDERERS[format].parts, head, exchanges(), sink.write);
    await sink.end();
  } catch (error) {
    sink.destroy();
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot write ${options.output ?? "the report"}: ${(error as Error).message}`);
  } finally {
    pass2.finish();
  }
  if (options.output)
    out(
      `report written to ${terminalSafe(options.output)} (${kept} requests, secrets ${head.redacted ? "redacted" : "included"})`,
    );
  return getExitCode(verdicts);
}

/**
 * The capture read down to its entries (parsed in parts when large); with --include-bodies the
 * whole document is kept instead, since bodies live only there.
 */
async function reportSource(path: string, includeBodies: boolean): Promise<ReportSource> {
  if (includeBodies) {
    const har = await readHarFile(path);
    return {
      count: har.exchanges.length,
      browser: browserOf(har.log.creator),
      exchange: (index) => har.exchanges[index] as CapturedExchange,
      bodies: bodiesFromHar(har),
    };
  }
  const { entries, pages, creator, producer } = await readHarEntries(path);
  const { exchanges, documentIps } = pairEntries(entries);
  return {
    count: exchanges.length,
    browser: browserOf(creator),
    exchange: (index) =>
      toCapturedExchange(
        exchanges[index] as (typeof exchanges)[number],
        { pages, producer: producer.kind },
        documentIps,
      ),
    bodies: undefined,
  };
}

function browserOf(creator: HarLog["creator"]): string | null {
  return creator.name ? `${creator.name} ${creator.version ?? ""}`.trim() : null;
}

type ReadHar = Awaited<ReturnType<typeof readHarFile>>;

/** Request and response bodies from the raw HAR entries, matched by the capture's entry key. */
function bodiesFromHar(har: ReadHar): BodySource {
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

interface Sink {
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
  destroy(): void;
}

/**
 * Resolves once the stream has taken the chunk: backpressure. Rejects when the stream fails or
 * closes first. (`| head` closing standard output ends the process quietly: see bin.ts.)
 */
function writeTo(stream: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(new Error("the output was closed"));
      return;
    }
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error("the output was closed"));
    const done = (error?: Error | null) => {
      stream.off("error", onError);
      stream.off("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    stream.once("error", onError);
    stream.once("close", onClose);
    stream.write(chunk, done);
  });
}

/** The output file, opened before any work so a bad path fails at once. */
async function fileSink(path: string): Promise<Sink> {
  const stream = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once("ready", resolve);
    stream.once("error", (error) => reject(new UsageError(`cannot write ${path}: ${error.message}`)));
  });
  return {
    write: (chunk) => writeTo(stream, chunk),
    end: () =>
      new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve()))),
    destroy: () => stream.destroy(),
  };
}

/**
 * Standard output, ending as the summary's output does: the report without trailing blank space,
 * then one newline. Trailing whitespace of each chunk is held back until more text follows it.
 */
function stdoutSink(): Sink {
  let held = "";
  return {
    write: (chunk) => {
      const text = held + chunk;
      let end = text.length;
      while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
      held = text.slice(end);
      return end > 0 ? writeTo(process.stdout, text.slice(0, end)) : Promise.resolve();
    },
    end: () => writeTo(process.stdout, "\n"),
    destroy: () => undefined,
  };
}
