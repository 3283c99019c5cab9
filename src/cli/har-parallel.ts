/**
 * `cors-doctor har` on large files: the file is cut into parts that worker threads parse and
 * diagnose in parallel. Parsing JSON is the floor of any HAR tool and cannot be shared within one
 * thread; cut in parts, it can.
 *
 * Pairing needs every entry (a preflight and its request may fall in different parts), so the
 * coordinator pairs what pairing reads of every entry (sent in columns) with the same store the serial path uses,
 * then gives each exchange to the thread that holds its entries. The output is byte-for-byte the
 * serial output (test/cli/har-parallel.test.ts). Anything unexpected (a cut that is not between
 * two entries, a part that is not valid JSON, a thread that fails) makes the caller run the
 * serial path, which also words any error about the file.
 */

import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { decodePairingColumns, type HarPage, type PairingEntry, pairEntries } from "../capture/index.js";
import type { Verdict } from "../engine/index.js";
import { type ExchangeOutputOptions, joinChunks } from "./har-output.js";
import { planParts } from "./har-split.js";
import type { FromWorker, HarWorkerData, IndexedEntry, PlannedExchange, ToWorker } from "./har-worker.js";
import type { Progress } from "./progress.js";

export type ParallelResult =
  | {
      readonly ok: true;
      readonly parts: number;
      /** The exchanges' output joined (`joinChunks`), in the order of the capture. */
      readonly body: string;
      readonly verdicts: readonly Verdict[];
    }
  /** Why the serial path has to run instead. */
  | { readonly ok: false; readonly reason: string };

/** The bundled CLI is its own worker script; from TypeScript sources (tests) there is none. */
function workerScript(): string | null {
  const path = fileURLToPath(import.meta.url);
  return path.endsWith(".mjs") || path.endsWith(".js") ? path : null;
}

export function parallelAvailable(): boolean {
  return workerScript() !== null;
}

/** One worker and a queue of its messages, so the coordinator can await them in turn. */
class PartWorker {
  private readonly worker: Worker;
  private readonly queue: FromWorker[] = [];
  private waiting: ((message: FromWorker) => void) | null = null;
  private failure: Error | null = null;
  private failed: ((error: Error) => void) | null = null;

  constructor(script: string, data: HarWorkerData, onProgress: (done: number) => void) {
    this.worker = new Worker(script, { workerData: data });
    this.worker.on("message", (message: FromWorker) => {
      if (message.type === "progress") {
        onProgress(message.done);
        return;
      }
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        this.failed = null;
        resolve(message);
      } else this.queue.push(message);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.failed?.(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`a worker thread exited (${code})`)));
  }

  next(): Promise<FromWorker> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  async expect<T extends FromWorker["type"]>(type: T): Promise<Extract<FromWorker, { type: T }>> {
    const message = await this.next();
    if (message.type !== type)
      throw new Error(message.type === "unusable" ? message.reason : `unexpected ${message.type}`);
    return message as Extract<FromWorker, { type: T }>;
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Diagnoses the HAR at `path` with up to `threads` worker threads, or says why it cannot. */
export async function diagnoseInParallel(
  path: string,
  size: number,
  threads: number,
  options: ExchangeOutputOptions,
  progress: (total: number) => Progress,
): Promise<ParallelResult> {
  const script = workerScript();
  if (!script) return { ok: false, reason: "no worker script (running from sources)" };
  const parts = await planParts(path, size, threads);
  if (parts.length < 2) return { ok: false, reason: "no boundary between entries found to cut at" };
  const done = new Array<number>(parts.length).fill(0);
  let bar: Progress | null = null;
  const workers = parts.map(
    (part, n) =>
      new PartWorker(script, { corsDoctorWorker: "har-part", path, part, options }, (count) => {
        done[n] = count;
        bar?.update(done.reduce((a, b) => a + b, 0));
      }),
  );
  const t0 = performance.now();
  const lap = (label: string) => {
    if (process.env.CORS_DOCTOR_DEBUG === "timing")
      process.stderr.write(`${label} ${Math.round(performance.now() - t0)} ms\n`);
  };
  try {
    // 1. Each part parsed: entry counts give every entry its index in the whole file.
    const parsed = [];
    for (const worker of workers) parsed.push(await worker.expect("parsed"));
    lap("parsed");
    const pages: HarPage[] = parsed.flatMap((p) => p.pages);
    // The first part that can tell (the log's head holds the creator), as the serial path reads it.
    const producer = parsed.find((p) => p.producer.kind !== "unknown")?.producer.kind ?? "unknown";
    const firstIndex: number[] = [];
    let total = 0;
    for (const p of parsed) {
      firstIndex.push(total);
      total += p.count;
    }
    for (const [n, worker] of workers.entries())
      worker.send({ type: "normalize", firstIndex: firstIndex[n] as number });
    const partOf = (index: number) => {
      let n = firstIndex.length - 1;
      while (n > 0 && (firstIndex[n] as number) > index) n--;
      return n;
    };

    // 2. Pair every entry on this thread, from what pairing reads of them.
    const views: PairingEntry[] = [];
    for (const worker of workers)
      for (const view of decodePairingColumns((await worker.expect("columns")).columns)) views.push(view);
    lap("views");
    const paired = pairEntries(views);
    lap("paired");
    const byPart: PlannedExchange[][] = parts.map(() => []);
    const owners: number[] = [];
    const wanted = parts.map(() => new Set<number>());
    const needs = parts.map(() => new Set<number>());
    for (const stored of paired.exchanges) {
      const hops = stored.hops.map((hop, i) => {
        const view = hop as PairingEntry;
        // A lone preflight's stand-in request is synthesized from the preflight (same index).
        return views[view.index] === view ? view.index : -1 - (stored.preflights[i] as PairingEntry).index;
      });
      const preflights = stored.preflights.map((p) => (p ? (p as PairingEntry).index : -1));
      const indices = [...hops.map((i) => (i >= 0 ? i : -1 - i)), ...preflights.filter((i) => i >= 0)];
      const owner = partOf(indices[0] as number);
      for (const index of indices) {
        const holder = partOf(index);
        if (holder !== owner) {
          wanted[holder]?.add(index);
          needs[owner]?.add(index);
        }
      }
      owners.push(owner);
      byPart[owner]?.push({
        position: owners.length - 1,
        id: stored.id,
        actualRecorded: stored.actualRecorded,
        startedMs: stored.startedMs,
        hops,
        preflights,
      });
    }

    // 3. The few entries of exchanges that straddle two parts move to the owning thread.
    for (const [n, worker] of workers.entries()) worker.send({ type: "share", indices: [...(wanted[n] ?? [])] });
    const shared = new Map<number, IndexedEntry>();
    for (const worker of workers)
      for (const entry of (await worker.expect("shared")).entries) shared.set(entry.index, entry);
    lap("shared");
    bar = progress(paired.exchanges.length);
    const documentIps = [...paired.documentIps];
    for (const [n, worker] of workers.entries()) {
      worker.send({
        type: "diagnose",
        exchanges: byPart[n] ?? [],
        foreign: [...(needs[n] ?? [])].map((index) => shared.get(index) as IndexedEntry),
        documentIps,
        pages,
        producer,
      });
    }

    // 4. Results back in the order of the whole file.
    const results = [];
    for (const worker of workers) results.push(await worker.expect("results"));
    lap("results");
    bar.finish();
    const cursor = parts.map(() => 0);
    const verdicts: Verdict[] = [];
    for (const owner of owners) {
      const at = cursor[owner] ?? 0;
      cursor[owner] = at + 1;
      verdicts.push(results[owner]?.verdicts[at] ?? "unknown");
    }
    const runs = results.flatMap((result) => result.runs).sort((a, b) => a.position - b.position);
    const body = joinChunks(
      runs.map((run) => run.text),
      options,
    );
    return { ok: true, parts: parts.length, body, verdicts };
  } catch (error) {
    bar?.finish();
    return { ok: false, reason: (error as Error).message };
  } finally {
    // Not awaited: tearing down a thread's heap takes a while, and the output need not wait.
    for (const worker of workers) void worker.stop();
  }
}
