/**
 * The panel's state as signals. It performs no I/O: the composition root feeds it HAR entries.
 */

import { computed, signal } from "@preact/signals";
import { buildExchanges, type CapturedEntry, type CapturedExchange, normalizeHarEntry } from "../../capture/index.js";
import { type Diagnosis, diagnose } from "../../engine/index.js";

export interface DiagnosedExchange {
  readonly captured: CapturedExchange;
  readonly diagnosis: Diagnosis;
}

export function createPanelState() {
  const entries = signal<ReadonlyMap<string, CapturedEntry>>(new Map());
  const pageOrigin = signal<string | null>(null);

  const exchanges = computed<DiagnosedExchange[]>(() =>
    buildExchanges([...entries.value.values()], { pageOrigin: pageOrigin.value }).map((captured) => ({
      captured,
      diagnosis: diagnose(captured.exchange),
    })),
  );

  /** Adds raw HAR entries; a fuller copy of an entry already seen replaces the earlier one. */
  function addEntries(raw: readonly unknown[]): void {
    const next = new Map(entries.value);
    let changed = false;
    for (const item of raw) {
      const entry = normalizeHarEntry(item, next.size);
      const previous = next.get(entry.key);
      if (previous && !isFuller(entry, previous)) continue;
      next.set(entry.key, entry);
      changed = true;
    }
    if (changed) entries.value = next;
  }

  function clear(): void {
    entries.value = new Map();
  }

  return { entries, pageOrigin, exchanges, addEntries, clear };
}

/** §2.6a of browser-facts: a response-check failure may first arrive with status 0 and no headers. */
function isFuller(candidate: CapturedEntry, previous: CapturedEntry): boolean {
  if (previous.status === 0 && candidate.status !== 0) return true;
  return candidate.responseHeaders.length > previous.responseHeaders.length;
}

export type PanelState = ReturnType<typeof createPanelState>;
