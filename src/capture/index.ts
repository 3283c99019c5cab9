/** HAR in, exchanges out: pure, so the panel, the CLI and the tests share it. */

import { type CapturedEntry, normalizeHarEntry } from "./entry.js";
import { type BuildOptions, buildExchanges, type CapturedExchange } from "./exchanges.js";
import { type HarLog, parseHarDocument } from "./har-schema.js";
import { detectProducer, type HarProducer } from "./producer.js";

export type { CapturedEntry } from "./entry.js";
export { keyHoldsIndex, normalizeHarEntry } from "./entry.js";
export type { BuildOptions, CapturedExchange } from "./exchanges.js";
export { buildExchanges, pairEntries, toCapturedExchange } from "./exchanges.js";
export type { HarLog, HarPage } from "./har-schema.js";
export { parseHarDocument, validateHarEntry } from "./har-schema.js";
export { type JsonTextResult, locateJsonError, parseJsonText } from "./json-text.js";
export {
  decodePairingColumns,
  encodePairingColumns,
  type PairingColumns,
  type PairingEntry,
} from "./pairing-columns.js";
export {
  detectProducer,
  type HarProducer,
  producerSniffer,
  RECORDS_PREFLIGHTS,
  UNKNOWN_PRODUCER,
} from "./producer.js";
export { type StoredExchange, synthesizeActual } from "./store.js";

export type ReadHarResult =
  | {
      readonly ok: true;
      readonly log: HarLog;
      /** The tool that wrote it, from the creator and the entries' fields. */
      readonly producer: HarProducer;
      readonly entries: CapturedEntry[];
      readonly exchanges: CapturedExchange[];
    }
  | { readonly ok: false; readonly message: string };

/** Validates a parsed HAR document and builds its exchanges. Never throws. */
export function readHar(document: unknown, options: BuildOptions = {}): ReadHarResult {
  const parsed = parseHarDocument(document);
  if (!parsed.ok) return parsed;
  const producer = detectProducer(parsed.log, parsed.log.entries);
  const entries = parsed.log.entries.map((raw, index) => normalizeHarEntry(raw, index));
  const exchanges = buildExchanges(entries, { pages: parsed.log.pages, producer: producer.kind, ...options });
  return { ok: true, log: parsed.log, producer, entries, exchanges };
}
