/** Showing a teammate's HAR file instead of the live capture, and going back to it. */

import { signal } from "@preact/signals";
import { detectProducer, type HarLog, parseHarDocument } from "../../capture/index.js";
import { type CaptureProducer, parseUrl } from "../../engine/index.js";

export interface HarImportDeps {
  /** Empties the panel (rows, selection, Chrome's reports). */
  readonly clear: () => void;
  /** Sets the page URL of the file shown, without rebuilding rows (there are none yet). */
  readonly showPage: (url: string | null) => void;
  readonly addEntries: (raw: readonly unknown[]) => unknown;
  /** Diagnoses every row again (what they were built with changed). */
  readonly rebuildAll: () => void;
}

/** A HAR file's text: as it arrives (a file's stream), and whole (read again if the parts fail). */
export interface HarText {
  readonly chunks: () => AsyncIterable<string>;
  readonly whole: () => Promise<string>;
}

/** How many entries the producer's sniffing looks at (capture/producer.ts reads at most 20). */
const PRODUCER_SAMPLE = 20;

/** Lets the frame be drawn and input be handled between two parts of a file. */
function yieldToBrowser(): Promise<void> {
  if (typeof MessageChannel !== "function") return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

async function* oneChunk(text: string): AsyncIterable<string> {
  yield text;
}

export function createHarImport(deps: HarImportDeps) {
  /** The HAR file being shown instead of the live capture, if one was imported. */
  const importedFrom = signal<string | null>(null);
  const importError = signal<string | null>(null);
  /** While a file is read: its name and how many entries were taken so far. */
  const reading = signal<{ readonly name: string; readonly entries: number } | null>(null);
  /**
   * The tool that wrote the file shown (capture/producer.ts), which decides what a missing
   * preflight means; null for the live capture. Read when rows are built, not drawn.
   */
  let producer: CaptureProducer | null = null;
  /** Each import (and the return to live) starts a new generation; an older import stops. */
  let generation = 0;

  /** Shows a HAR document's text (see importHarText). */
  function importHar(text: string, name: string): Promise<boolean> {
    return importHarText({ chunks: () => oneChunk(text), whole: () => Promise.resolve(text) }, name);
  }

  /**
   * Shows a teammate's HAR file instead of the live capture, drawn as it is read: the first
   * entries are paired, diagnosed and drawn while the rest is still read (har-stream.ts), a part
   * at a time with the browser free between parts. Resolves to false (and sets importError) when
   * the text is not a HAR document. What the parts cannot read (lenient JSON, an odd shape) is
   * read whole by the lenient JSON reader (json-text.ts). Both are loaded on the first import:
   * the live capture never needs them.
   */
  async function importHarText(source: HarText, name: string): Promise<boolean> {
    const mine = ++generation;
    const current = () => mine === generation;
    const { HarEntriesScanner } = await import("./har-stream.js");
    const scanner = new HarEntriesScanner();
    let shown: { producer: CaptureProducer; page: string | null; creatorKnown: boolean } | null = null;
    let entries = 0;
    /** The parts could not be read (the text is read whole instead). */
    let failed = false;
    let head: HarLog | null = null;
    try {
      reading.value = { name, entries: 0 };
      scan: for await (const chunk of source.chunks()) {
        for (const event of scanner.push(chunk)) {
          if (!current()) return false;
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
            shown = {
              producer: detectProducer(head, part.slice(0, PRODUCER_SAMPLE)).kind,
              page: firstPageOf(head),
              creatorKnown: head.creator.name !== null,
            };
            deps.clear();
            importError.value = null;
            importedFrom.value = name;
            producer = shown.producer;
            deps.showPage(shown.page);
          }
          deps.addEntries(part);
          entries += part.length;
          reading.value = { name, entries };
          await yieldToBrowser();
          if (!current()) return false;
        }
      }
    } catch {
      failed = true;
    } finally {
      if (current()) reading.value = null;
    }
    const rest = failed ? null : scanner.end();
    const log = rest === null ? null : logOf(rest);
    if (!current()) return false;
    if (log && shown) {
      // What follows the entries may hold the creator or the pages: rebuild if it changes a row.
      const kind = shown.creatorKnown ? shown.producer : detectProducer(log, []).kind;
      const page = shown.page ?? firstPageOf(log);
      if (kind !== shown.producer && log.creator.name !== null) producer = kind;
      if (page !== shown.page) deps.showPage(page);
      if (producer !== shown.producer || page !== shown.page) deps.rebuildAll();
      return true;
    }
    if (log && !shown && head) {
      // A HAR document with no entries.
      deps.clear();
      importError.value = null;
      importedFrom.value = name;
      producer = detectProducer(log, []).kind;
      deps.showPage(firstPageOf(log));
      return true;
    }
    return importWhole(await source.whole(), name, mine, shown !== null);
  }

  /** The whole text through the lenient reader: the path for anything the parts could not read. */
  async function importWhole(text: string, name: string, mine: number, cleared: boolean): Promise<boolean> {
    const { parseJsonText } = await import("../../capture/json-text.js");
    if (mine !== generation) return false;
    const json = parseJsonText(text);
    const parsed = json.ok ? parseHarDocument(json.value) : null;
    if (!json.ok || !parsed?.ok) {
      importError.value = !json.ok
        ? `${name} is not a HAR file: it is not JSON (${json.message})`
        : `${name} is ${(parsed as { message: string }).message}.`;
      if (cleared) {
        // Its first entries were shown before the rest proved unreadable: show none of it.
        importedFrom.value = null;
        producer = null;
        deps.clear();
      }
      return false;
    }
    deps.clear();
    importError.value = null;
    importedFrom.value = name;
    producer = detectProducer(parsed.log, parsed.log.entries).kind;
    deps.showPage(firstPageOf(parsed.log));
    deps.addEntries(parsed.log.entries);
    return true;
  }

  /** Leaves the imported file and returns to the live capture (the caller backfills). */
  function returnToLive(): void {
    generation++;
    reading.value = null;
    importedFrom.value = null;
    importError.value = null;
    producer = null;
    deps.clear();
  }

  return {
    importedFrom,
    importError,
    reading,
    importHar,
    importHarText,
    returnToLive,
    producer: () => producer,
  };
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
