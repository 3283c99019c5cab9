/**
 * Reading an imported HAR file into the panel, drawn as it is read: the first entries are
 * paired, diagnosed and drawn while the rest is still read (har-stream.ts), a part at a time with
 * the browser free between parts. What the parts cannot read (lenient JSON, an odd shape, a file
 * cut short) is read whole by the lenient JSON reader (capture/json-text.ts). Loaded on the first
 * import (har-import.ts): the live capture never needs it.
 */

import { detectProducer, type HarLog, parseHarDocument } from "../../capture/index.js";
import { type CaptureProducer, parseUrl } from "../../engine/index.js";
import { HarEntriesScanner } from "./har-stream.js";

/** A HAR file's text: as it arrives (a file's stream), and whole (read again if the parts fail). */
export interface HarText {
  readonly chunks: () => AsyncIterable<string>;
  readonly whole: () => Promise<string>;
}

/** What the reading does to the panel (har-import.ts). */
export interface ImportSink {
  /** False once another import began or the panel went back to live: stop. */
  current(): boolean;
  /** Clears the panel and shows the file (no rows yet). */
  show(producer: CaptureProducer, page: string | null): void;
  addEntries(raw: readonly unknown[]): unknown;
  /** What follows the entries changed the producer or the page: rebuild the rows. */
  revise(producer: CaptureProducer, page: string | null): void;
  /** Not a HAR document; `shown`: its first entries were shown already. */
  fail(message: string, shown: boolean): void;
}

/** How many entries the producer's sniffing looks at (capture/producer.ts reads at most 20). */
const PRODUCER_SAMPLE = 20;

/** Reading runs for about this long before the browser gets a frame (to draw the rows so far). */
const READ_SLICE_MS = 8;
/** Longest wait for a frame: a hidden panel gets none. */
const FRAME_FALLBACK_MS = 50;

/**
 * Waits until the next frame is drawn. A task posted in the meantime (a message) would not do:
 * Chromium runs such tasks before rendering for up to about 100 ms, and the rows would not show.
 */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      resolve();
    };
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(go, 0));
    setTimeout(go, FRAME_FALLBACK_MS);
  });
}

/** Reads `source` into the panel; false (after `sink.fail`) when it is not a HAR document. */
export async function readHar(source: HarText, name: string, sink: ImportSink): Promise<boolean> {
  const scanner = new HarEntriesScanner();
  let shown: {
    producer: CaptureProducer;
    page: string | null;
    creatorKnown: boolean;
    /** The first entries, which tell the producer when the creator does not. */
    sample: readonly unknown[];
  } | null = null;
  /** The parts could not be read (the text is read whole instead). */
  let failed = false;
  let head: HarLog | null = null;
  /** Parts taken in. */
  let parts = 0;
  let sliceStart = performance.now();
  try {
    scan: for await (const chunk of source.chunks()) {
      for (const event of scanner.push(chunk)) {
        if (!sink.current()) return false;
        if (event.kind === "head") {
          head = logOf(event.document);
          if (!head) {
            failed = true;
            break scan;
          }
          continue;
        }
        const part = parseEntries(event.text);
        if (!part || !head) {
          failed = true;
          break scan;
        }
        if (!shown) {
          const sample = part.slice(0, PRODUCER_SAMPLE);
          shown = {
            producer: detectProducer(head, sample).kind,
            page: firstPageOf(head),
            creatorKnown: head.creator.name !== null,
            sample,
          };
          sink.show(shown.producer, shown.page);
        }
        sink.addEntries(part);
        // The first part's rows are drawn at once; then a slice of reading per frame.
        if (parts++ === 0 || performance.now() - sliceStart > READ_SLICE_MS) {
          await nextFrame();
          if (!sink.current()) return false;
          sliceStart = performance.now();
        }
      }
    }
  } catch {
    failed = true;
  }
  if (!sink.current()) return false;
  const rest = failed ? null : scanner.end();
  const log = rest === null ? null : logOf(rest);
  if (log && shown) {
    // What follows the entries may hold the creator or the pages: rebuild if it changes a row.
    const producer =
      shown.creatorKnown || log.creator.name === null ? shown.producer : detectProducer(log, shown.sample).kind;
    const page = shown.page ?? firstPageOf(log);
    if (producer !== shown.producer || page !== shown.page) sink.revise(producer, page);
    return true;
  }
  if (log && !shown) {
    // A HAR document with no entries.
    sink.show(detectProducer(log, []).kind, firstPageOf(log));
    return true;
  }
  return readWhole(await source.whole(), name, sink, shown !== null);
}

/** The whole text through the lenient reader: the path for anything the parts could not read. */
async function readWhole(text: string, name: string, sink: ImportSink, shown: boolean): Promise<boolean> {
  const { parseJsonText } = await import("../../capture/json-text.js");
  if (!sink.current()) return false;
  const json = parseJsonText(text);
  if (!json.ok) {
    sink.fail(`${name} is not a HAR file: it is not JSON (${json.message})`, shown);
    return false;
  }
  const parsed = parseHarDocument(json.value);
  if (!parsed.ok) {
    sink.fail(`${name} is ${parsed.message}.`, shown);
    return false;
  }
  sink.show(detectProducer(parsed.log, parsed.log.entries).kind, firstPageOf(parsed.log));
  sink.addEntries(parsed.log.entries);
  return true;
}

/** The log of a HAR document's text (its entries aside), or null when it is not one. */
function logOf(text: string): HarLog | null {
  try {
    const parsed = parseHarDocument(JSON.parse(text));
    return parsed.ok ? parsed.log : null;
  } catch {
    return null;
  }
}

/** A part's entries, or null when it does not parse (the file is then read whole). */
function parseEntries(text: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(`[${text}]`);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function firstPageOf(log: HarLog): string | null {
  const title = log.pages[0]?.title ?? null;
  return title && parseUrl(title) ? title : null;
}
