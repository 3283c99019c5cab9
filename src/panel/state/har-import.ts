/** Showing a teammate's HAR file instead of the live capture, and going back to it. */

import { signal } from "@preact/signals";
import type { CaptureProducer } from "../../engine/index.js";
import type { HarText, ImportSink } from "./har-read.js";

export type { HarText } from "./har-read.js";

export interface HarImportDeps {
  /** Empties the panel (rows, selection, Chrome's reports). */
  readonly clear: () => void;
  /** Sets the page URL of the file shown, without rebuilding rows (there are none yet). */
  readonly showPage: (url: string | null) => void;
  readonly addEntries: (raw: readonly unknown[]) => unknown;
  /** Diagnoses every row again (what they were built with changed). */
  readonly rebuildAll: () => void;
}

async function* oneChunk(text: string): AsyncIterable<string> {
  yield text;
}

export function createHarImport(deps: HarImportDeps) {
  /** The HAR file being shown instead of the live capture, if one was imported. */
  const importedFrom = signal<string | null>(null);
  const importError = signal<string | null>(null);
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
   * Shows a teammate's HAR file instead of the live capture, drawn as it is read (har-read.ts,
   * loaded on the first import: the live capture never needs it). Resolves to false (and sets
   * importError) when the text is not a HAR document.
   */
  async function importHarText(source: HarText, name: string): Promise<boolean> {
    const mine = ++generation;
    const { readHar } = await import("./har-read.js");
    const sink: ImportSink = {
      current: () => mine === generation,
      show(shownProducer, page) {
        deps.clear();
        importError.value = null;
        importedFrom.value = name;
        producer = shownProducer;
        deps.showPage(page);
      },
      addEntries: deps.addEntries,
      revise(revisedProducer, page) {
        producer = revisedProducer;
        deps.showPage(page);
        deps.rebuildAll();
      },
      fail(message, shown) {
        importError.value = message;
        if (shown) {
          // Its first entries were shown before the rest proved unreadable: show none of it.
          importedFrom.value = null;
          producer = null;
          deps.clear();
        }
      },
    };
    return readHar(source, name, sink);
  }

  /** Leaves the imported file and returns to the live capture (the caller backfills). */
  function returnToLive(): void {
    generation++;
    importedFrom.value = null;
    importError.value = null;
    producer = null;
    deps.clear();
  }

  return {
    importedFrom,
    importError,
    importHar,
    importHarText,
    returnToLive,
    producer: () => producer,
  };
}
