/**
 * One worker thread of `cors-doctor har`'s parallel path: it parses its part of the file,
 * normalizes the entries, hands the coordinator what pairing needs of them (in columns), and then diagnoses and
 * renders the exchanges the coordinator assigns to it. Whole entries never cross threads except
 * the few of an exchange that straddles two parts.
 */

import { closeSync, openSync, readSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import {
  type CapturedEntry,
  encodePairingColumns,
  type HarPage,
  type HarProducer,
  keyHoldsIndex,
  normalizeHarEntry,
  type PairingColumns,
  producerSniffer,
  type StoredExchange,
  synthesizeActual,
  toCapturedExchange,
} from "../capture/index.js";
import { Interner } from "../capture/intern.js";
import type { CaptureProducer, Verdict } from "../engine/index.js";
import { type ExchangeOutputOptions, joinChunks, renderExchangeOutput } from "./har-output.js";
import { type HarPart, PART_BYTES, parseInParts, readFromBuffer } from "./har-split.js";

export interface HarWorkerData {
  readonly corsDoctorWorker: "har-part";
  readonly path: string;
  readonly part: HarPart;
  readonly options: ExchangeOutputOptions;
}

/** An entry with its index in the whole file. */
export type IndexedEntry = CapturedEntry & { readonly index: number };

/** An exchange as the coordinator paired it: entry indices; a synthesized hop is `-1 - preflightIndex`. */
export interface PlannedExchange {
  /** Place in the output (the order of the whole capture). */
  readonly position: number;
  readonly id: string;
  readonly actualRecorded: boolean;
  readonly startedMs: number | null;
  readonly hops: readonly number[];
  /** -1: no preflight. */
  readonly preflights: readonly number[];
}

export type ToWorker =
  | { readonly type: "normalize"; readonly firstIndex: number }
  | { readonly type: "share"; readonly indices: readonly number[] }
  | {
      readonly type: "diagnose";
      readonly exchanges: readonly PlannedExchange[];
      readonly foreign: readonly IndexedEntry[];
      readonly documentIps: ReadonlyArray<readonly [string, string]>;
      readonly pages: readonly HarPage[];
      readonly producer: CaptureProducer;
    };

export type FromWorker =
  | {
      readonly type: "parsed";
      readonly count: number;
      readonly pages: readonly HarPage[];
      /** What this part tells of the file's producer (the part with the log's head has the creator). */
      readonly producer: HarProducer;
    }
  | { readonly type: "unusable"; readonly reason: string }
  | { readonly type: "columns"; readonly columns: PairingColumns }
  | { readonly type: "shared"; readonly entries: readonly IndexedEntry[] }
  | { readonly type: "progress"; readonly done: number }
  | {
      readonly type: "results";
      /** Output text of consecutive exchanges, joined: few large strings cross threads cheaply. */
      readonly runs: ReadonlyArray<{ readonly position: number; readonly text: string }>;
      readonly verdicts: readonly Verdict[];
    };

export function isHarWorker(data: unknown): data is HarWorkerData {
  return (data as Partial<HarWorkerData> | null)?.corsDoctorWorker === "har-part";
}

/** The part's bytes with its opener and closer: a HAR document of its own. */
function readPart(path: string, part: HarPart): Buffer {
  const prefix = Buffer.from(part.prefix);
  const suffix = Buffer.from(part.suffix);
  const length = part.end - part.start;
  const buffer = Buffer.allocUnsafe(prefix.length + length + suffix.length);
  prefix.copy(buffer, 0);
  const fd = openSync(path, "r");
  try {
    let done = 0;
    while (done < length) {
      const read = readSync(fd, buffer, prefix.length + done, length - done, part.start + done);
      if (read === 0) throw new Error("the file is shorter than when it was planned");
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  suffix.copy(buffer, prefix.length + length);
  return buffer;
}

export async function runHarWorker(data: HarWorkerData): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const send = (message: FromWorker) => port.postMessage(message);

  // Parsed in sub-parts and normalized at once (their objects die young). Until the coordinator
  // says where this part starts in the file, entries are numbered from 0; the rare entry whose key
  // holds its index is normalized again then, from its raw copy, kept for that.
  let local: CapturedEntry[] = [];
  const rawOfIndexedKey = new Map<number, unknown>();
  const pages: HarPage[] = [];
  const sniffer = producerSniffer();
  const interner = new Interner();
  let usable: boolean;
  try {
    const bytes = readPart(data.path, data.part);
    usable = parseInParts(readFromBuffer(bytes), bytes.length, PART_BYTES, (raw, partPages, log) => {
      pages.push(...partPages);
      sniffer.observe(log, raw);
      for (const item of raw) {
        const entry = interner.entry(normalizeHarEntry(item, local.length));
        if (keyHoldsIndex(entry)) rawOfIndexedKey.set(local.length, item);
        local.push(entry);
      }
    });
  } catch (error) {
    send({ type: "unusable", reason: (error as Error).message });
    return;
  }
  if (!usable) {
    send({ type: "unusable", reason: "not a cut between two entries" });
    return;
  }
  send({ type: "parsed", count: local.length, pages, producer: sniffer.result() });

  let entries: IndexedEntry[] = [];
  const byIndex = new Map<number, IndexedEntry>();
  port.on("message", (message: ToWorker) => {
    if (message.type === "normalize") {
      entries = local.map((entry, i) => {
        const index = message.firstIndex + i;
        const raw = rawOfIndexedKey.get(i);
        const numbered = raw === undefined ? entry : interner.entry(normalizeHarEntry(raw, index));
        return Object.assign(numbered, { index });
      });
      local = [];
      rawOfIndexedKey.clear();
      for (const entry of entries) byIndex.set(entry.index, entry);
      const columns = encodePairingColumns(entries, message.firstIndex);
      port.postMessage({ type: "columns", columns } satisfies FromWorker, [columns.numbers.buffer as ArrayBuffer]);
    } else if (message.type === "share") {
      send({ type: "shared", entries: message.indices.map((index) => byIndex.get(index) as IndexedEntry) });
    } else {
      for (const entry of message.foreign) byIndex.set(entry.index, entry);
      const documentIps = new Map(message.documentIps);
      const entryAt = (index: number) => byIndex.get(index) as CapturedEntry;
      const runs: Array<{ position: number; text: string }> = [];
      let run: string[] = [];
      let runStart = -1;
      const endRun = () => {
        if (run.length > 0) runs.push({ position: runStart, text: joinChunks(run, data.options) });
        run = [];
      };
      const verdicts: Verdict[] = [];
      message.exchanges.forEach((planned, n) => {
        const stored: StoredExchange = {
          id: planned.id,
          hops: planned.hops.map((index) => (index >= 0 ? entryAt(index) : synthesizeActual(entryAt(-1 - index)))),
          preflights: planned.preflights.map((index) => (index >= 0 ? entryAt(index) : null)),
          actualRecorded: planned.actualRecorded,
          startedMs: planned.startedMs,
          version: 0,
          sequence: n,
          pendingTarget: null,
        };
        const output = renderExchangeOutput(
          toCapturedExchange(stored, { pages: message.pages, producer: message.producer }, documentIps),
          data.options,
        );
        if (runStart + run.length !== planned.position) {
          endRun();
          runStart = planned.position;
        }
        run.push(output.chunk);
        verdicts.push(output.verdict);
        if ((n + 1) % 2000 === 0) send({ type: "progress", done: n + 1 });
      });
      endRun();
      send({ type: "results", runs, verdicts });
    }
  });
}
