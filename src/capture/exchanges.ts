/**
 * Turns normalized HAR entries into exchanges: redirect hops chained, each OPTIONS preflight
 * paired with the request it preceded, the initiator origin and request mode worked out.
 *
 * HAR gives a preflight no link to its actual request beyond Chromium's `_initiator.requestId`
 * (a CDP id the actual entry does not carry), so pairing is by URL, method
 * (`Access-Control-Request-Method`), origin and time; it does not depend on Chromium-only fields.
 */

import { addressSpaceOf, parseUrl } from "../engine/fetch/origin.js";
import type {
  CaptureProducer,
  Exchange,
  Hop,
  PreflightRecord,
  RecordedRequest,
  RecordedResponse,
  Sourced,
} from "../engine/types.js";
import type { CapturedEntry } from "./entry.js";
import type { HarPage } from "./har-schema.js";
import { getHeader } from "./headers.js";
import { inferMode } from "./mode.js";
import { RECORDS_PREFLIGHTS } from "./producer.js";
import { ExchangeStore, type StoredExchange } from "./store.js";

export interface CapturedExchange {
  /** Stable identity: the key of the first hop's entry (or of the preflight when the actual is missing). */
  readonly id: string;
  readonly exchange: Exchange;
  readonly hopEntries: readonly CapturedEntry[];
  readonly preflightEntries: readonly (CapturedEntry | null)[];
  /** False when only the preflight was captured (the actual request has not been delivered). */
  readonly actualRecorded: boolean;
  readonly startedMs: number | null;
}

export interface BuildOptions {
  /** The inspected page's origin when the caller knows it (the panel does). */
  readonly pageOrigin?: string | null;
  readonly pages?: readonly HarPage[];
  /** The tool that wrote the HAR (capture/producer.ts); absent for the panel's live capture. */
  readonly producer?: CaptureProducer;
}

/**
 * Builds the exchanges of a whole capture: entries go through the incremental store in start
 * order (the order the browser started them), which is how the panel sees them too.
 */
export function buildExchanges(entries: readonly CapturedEntry[], options: BuildOptions = {}): CapturedExchange[] {
  const { exchanges, documentIps } = pairEntries(entries);
  return exchanges.map((stored) => toCapturedExchange(stored, options, documentIps));
}

/**
 * Only the pairing: which entries form which exchange, in start order. The CLI's parallel path
 * runs this over `decodePairingColumns` of entries that live in worker threads.
 */
export function pairEntries(entries: readonly CapturedEntry[]): {
  exchanges: StoredExchange[];
  documentIps: ReadonlyMap<string, string>;
} {
  const store = new ExchangeStore();
  for (const entry of stableSortByTime(entries)) store.add(entry);
  return { exchanges: store.list(), documentIps: store.documentIps };
}

function stableSortByTime(entries: readonly CapturedEntry[]): readonly CapturedEntry[] {
  // HAR files list entries in start order; checking is cheaper than sorting 100,000 of them.
  let sorted = true;
  for (let i = 1; i < entries.length && sorted; i++) {
    sorted = ((entries[i - 1] as CapturedEntry).startedMs ?? 0) <= ((entries[i] as CapturedEntry).startedMs ?? 0);
  }
  if (sorted) return entries;
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.startedMs ?? 0) - (b.entry.startedMs ?? 0) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** The engine's view of a stored exchange. */
export function toCapturedExchange(
  stored: StoredExchange,
  options: BuildOptions,
  documentIps: ReadonlyMap<string, string>,
): CapturedExchange {
  return {
    id: stored.id,
    exchange: toExchange(stored.hops, stored.preflights, options, documentIps),
    hopEntries: [...stored.hops],
    preflightEntries: [...stored.preflights],
    actualRecorded: stored.actualRecorded,
    startedMs: stored.startedMs,
  };
}

function toRecordedRequest(entry: CapturedEntry): RecordedRequest {
  return {
    method: entry.method,
    url: entry.url,
    headers: entry.requestHeaders,
    provisionalHeaders: entry.provisionalHeaders,
  };
}

function toRecordedResponse(entry: CapturedEntry): RecordedResponse {
  return {
    status: entry.status,
    statusText: entry.statusText,
    headers: entry.responseHeaders,
    redirectURL: entry.redirectURL,
    outcome: entry.outcome,
    serverIPAddress: entry.serverIPAddress,
  };
}

function toExchange(
  hopEntries: readonly CapturedEntry[],
  preflightEntries: readonly (CapturedEntry | null)[],
  options: BuildOptions,
  documentIps: ReadonlyMap<string, string>,
): Exchange {
  // A producer that never records preflights cannot show whether one was sent.
  const missingPreflight = RECORDS_PREFLIGHTS[options.producer ?? "unknown"] ? "not-captured" : "unknown";
  const hops: Hop[] = hopEntries.map((entry, index) => {
    const preflightEntry = preflightEntries[index] ?? null;
    const preflight: PreflightRecord | null = preflightEntry
      ? { request: toRecordedRequest(preflightEntry), response: toRecordedResponse(preflightEntry) }
      : null;
    return {
      request: toRecordedRequest(entry),
      response: toRecordedResponse(entry),
      preflightState: preflight ? "paired" : missingPreflight,
      preflight,
    };
  });
  const first = hopEntries[0] as CapturedEntry;
  const initiatorOrigin = resolveInitiatorOrigin(first, preflightEntries[0] ?? null, options);
  const documentIp = initiatorOrigin ? documentIps.get(initiatorOrigin.value) : undefined;
  const lastHop = hopEntries.length - 1;
  const inferred = inferMode({
    first,
    last: hopEntries[lastHop] as CapturedEntry,
    hops: hopEntries,
    lastHop,
    preflight: preflightEntries[0] ?? null,
    initiatorOrigin: initiatorOrigin?.value ?? null,
    pages: options.pages,
  });
  return {
    initiatorOrigin,
    initiatorAddressSpace: documentIp
      ? { value: addressSpaceOf(documentIp), source: "document-server-ip", inferred: false }
      : null,
    resourceType: first.resourceType,
    mode: inferred.mode,
    modeEvidence: inferred.evidence,
    modeUnknownReason: inferred.unknownReason,
    ...(options.producer ? { producer: options.producer } : {}),
    credentialsMode: null,
    hops,
    malformed: [...hopEntries, ...preflightEntries].flatMap((e) => (e ? e.malformed : [])),
  };
}

/**
 * The initiator's origin, from the most direct evidence available:
 * the `Origin` the browser sent on the first hop (or its preflight), then the `Referer`
 * (the requesting document's URL, at least its origin under the default referrer policy),
 * then the page the caller says is inspected, then the HAR page's URL.
 */
function resolveInitiatorOrigin(
  first: CapturedEntry,
  firstPreflight: CapturedEntry | null,
  options: BuildOptions,
): Sourced<string> | null {
  const origin = first.provisionalHeaders ? null : getHeader(first.requestHeaders, "Origin");
  if (origin !== null) return { value: origin, source: "origin-header", inferred: false };
  const preflightOrigin = firstPreflight ? getHeader(firstPreflight.requestHeaders, "Origin") : null;
  if (preflightOrigin !== null) return { value: preflightOrigin, source: "preflight-origin-header", inferred: false };
  const referer = getHeader(first.requestHeaders, "Referer");
  const refererOrigin = referer ? parseUrl(referer)?.origin : undefined;
  if (refererOrigin && refererOrigin !== "null") return { value: refererOrigin, source: "referer", inferred: true };
  if (options.pageOrigin) return { value: options.pageOrigin, source: "inspected-page", inferred: true };
  const page = options.pages?.find((p) => p.id === first.pageref) ?? options.pages?.[0];
  const pageOrigin = page?.title ? parseUrl(page.title)?.origin : undefined;
  if (pageOrigin && pageOrigin !== "null") return { value: pageOrigin, source: "har-page", inferred: true };
  return null;
}
