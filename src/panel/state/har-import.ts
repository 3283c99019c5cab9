/** Showing a teammate's HAR file instead of the live capture, and going back to it. */

import { signal } from "@preact/signals";
import { detectProducer, parseHarDocument } from "../../capture/index.js";
import { type CaptureProducer, parseUrl } from "../../engine/index.js";

export interface HarImportDeps {
  /** Empties the panel (rows, selection, Chrome's reports). */
  readonly clear: () => void;
  /** Sets the page URL of the file shown, without rebuilding rows (there are none yet). */
  readonly showPage: (url: string | null) => void;
  readonly addEntries: (raw: readonly unknown[]) => unknown;
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

  /**
   * Shows a teammate's HAR file instead of the live capture. Resolves to false (and sets
   * importError) when the text is not a HAR document. The lenient JSON reader (json-text.ts) is loaded on the first import: the live capture never needs it.
   */
  async function importHar(text: string, name: string): Promise<boolean> {
    const { parseJsonText } = await import("../../capture/json-text.js");
    const json = parseJsonText(text);
    if (!json.ok) {
      importError.value = `${name} is not a HAR file: it is not JSON (${json.message})`;
      return false;
    }
    const parsed = parseHarDocument(json.value);
    if (!parsed.ok) {
      importError.value = `${name} is ${parsed.message}.`;
      return false;
    }
    deps.clear();
    importError.value = null;
    importedFrom.value = name;
    producer = detectProducer(parsed.log, parsed.log.entries).kind;
    const firstPage = parsed.log.pages[0]?.title ?? null;
    deps.showPage(firstPage && parseUrl(firstPage) ? firstPage : null);
    deps.addEntries(parsed.log.entries);
    return true;
  }

  /** Leaves the imported file and returns to the live capture (the caller backfills). */
  function returnToLive(): void {
    importedFrom.value = null;
    importError.value = null;
    producer = null;
    deps.clear();
  }

  return { importedFrom, importError, importHar, returnToLive, producer: () => producer };
}
