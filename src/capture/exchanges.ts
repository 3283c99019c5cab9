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
  Exchange,
  Hop,
  PreflightRecord,
  RecordedRequest,
  RecordedResponse,
  RequestMode,
  Sourced,
} from "../engine/types.js";
import type { CapturedEntry } from "./entry.js";
import type { HarPage } from "./har-schema.js";
import { byteLowercase, getHeader } from "./headers.js";

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
}

/** How far apart (ms) a preflight and its actual request may start and still be paired. */
const PAIRING_WINDOW_MS = 60_000;

export function buildExchanges(entries: readonly CapturedEntry[], options: BuildOptions = {}): CapturedExchange[] {
  const requests = stableSortByTime(entries.filter((e) => !e.isPreflight || e.malformed.length > 0));
  const preflights = stableSortByTime(entries.filter((e) => e.isPreflight && e.malformed.length === 0));

  const next = chainRedirects(requests);
  const claimed = new Set(next.values());
  const pairing = pairPreflights(requests, preflights);
  const pairedPreflights = new Set(pairing.values());
  const documentSpaces = documentAddressSpaces(entries);

  const exchanges: CapturedExchange[] = [];
  for (const head of requests) {
    if (claimed.has(head)) continue;
    const hopEntries: CapturedEntry[] = [];
    for (let entry: CapturedEntry | undefined = head; entry && hopEntries.length < 32; entry = next.get(entry)) {
      hopEntries.push(entry);
    }
    const preflightEntries = hopEntries.map((hop) => pairing.get(hop) ?? null);
    exchanges.push({
      id: head.key,
      exchange: toExchange(hopEntries, preflightEntries, options, documentSpaces),
      hopEntries,
      preflightEntries,
      actualRecorded: true,
      startedMs: head.startedMs,
    });
  }

  // A preflight whose actual request was not delivered (yet): diagnose the preflight on its own.
  for (const preflight of preflights) {
    if (pairedPreflights.has(preflight)) continue;
    const actual = synthesizeActual(preflight);
    exchanges.push({
      id: preflight.key,
      exchange: toExchange([actual], [preflight], options, documentSpaces),
      hopEntries: [actual],
      preflightEntries: [preflight],
      actualRecorded: false,
      startedMs: preflight.startedMs,
    });
  }
  return exchanges.sort((a, b) => (a.startedMs ?? 0) - (b.startedMs ?? 0));
}

function stableSortByTime(entries: readonly CapturedEntry[]): CapturedEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.startedMs ?? 0) - (b.entry.startedMs ?? 0) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Links each redirect response to the entry that fetched its `Location`. */
function chainRedirects(requests: readonly CapturedEntry[]): Map<CapturedEntry, CapturedEntry> {
  const next = new Map<CapturedEntry, CapturedEntry>();
  const claimed = new Set<CapturedEntry>();
  const byUrl = new Map<string, CapturedEntry[]>();
  for (const entry of requests) {
    const list = byUrl.get(entry.url) ?? [];
    list.push(entry);
    byUrl.set(entry.url, list);
  }
  for (const entry of requests) {
    if (!entry.redirectURL || entry.status < 300 || entry.status > 399) continue;
    const target = parseUrl(entry.redirectURL, entry.url)?.href;
    if (!target) continue;
    const candidates = byUrl.get(target) ?? byUrl.get(entry.redirectURL) ?? [];
    const found = candidates.find(
      (c) =>
        c !== entry &&
        !claimed.has(c) &&
        (c.startedMs === null || entry.startedMs === null || c.startedMs >= entry.startedMs) &&
        c.pageref === entry.pageref,
    );
    if (found) {
      next.set(entry, found);
      claimed.add(found);
    }
  }
  return next;
}

/**
 * Pairs preflights with the requests they preceded: same URL, the preflight's
 * Access-Control-Request-Method equal to the request's method, compatible origins, closest in time.
 */
function pairPreflights(
  requests: readonly CapturedEntry[],
  preflights: readonly CapturedEntry[],
): Map<CapturedEntry, CapturedEntry> {
  const candidates: Array<{ request: CapturedEntry; preflight: CapturedEntry; distance: number }> = [];
  const byUrl = new Map<string, CapturedEntry[]>();
  for (const request of requests) {
    if (request.malformed.length > 0) continue;
    const list = byUrl.get(request.url) ?? [];
    list.push(request);
    byUrl.set(request.url, list);
  }
  for (const preflight of preflights) {
    const method = getHeader(preflight.requestHeaders, "Access-Control-Request-Method");
    const preflightOrigin = getHeader(preflight.requestHeaders, "Origin");
    for (const request of byUrl.get(preflight.url) ?? []) {
      if (method !== null && request.method !== method) continue;
      const requestOrigin = request.provisionalHeaders ? null : getHeader(request.requestHeaders, "Origin");
      if (requestOrigin !== null && preflightOrigin !== null && requestOrigin !== preflightOrigin) continue;
      const distance =
        request.startedMs === null || preflight.startedMs === null
          ? PAIRING_WINDOW_MS - 1
          : Math.abs(preflight.startedMs - request.startedMs);
      if (distance < PAIRING_WINDOW_MS) candidates.push({ request, preflight, distance });
    }
  }
  candidates.sort((a, b) => a.distance - b.distance);
  const pairing = new Map<CapturedEntry, CapturedEntry>();
  const used = new Set<CapturedEntry>();
  for (const { request, preflight } of candidates) {
    if (pairing.has(request) || used.has(preflight)) continue;
    pairing.set(request, preflight);
    used.add(preflight);
  }
  return pairing;
}

/** The actual request a lone preflight announced, recorded as "never seen". */
function synthesizeActual(preflight: CapturedEntry): CapturedEntry {
  return {
    ...preflight,
    key: `${preflight.key} (actual not captured)`,
    method: getHeader(preflight.requestHeaders, "Access-Control-Request-Method") ?? "GET",
    requestHeaders: [],
    provisionalHeaders: true,
    status: 0,
    statusText: "",
    responseHeaders: [],
    redirectURL: null,
    outcome: { state: "unknown", errorText: null },
    resourceType: null,
    initiatorType: null,
    initiatorRequestId: null,
    serverIPAddress: null,
    isPreflight: false,
  };
}

/** The address space of each page origin, from the document's server IP (for Local Network Access). */
function documentAddressSpaces(entries: readonly CapturedEntry[]): Map<string, string> {
  const spaces = new Map<string, string>();
  for (const entry of entries) {
    const isDocument =
      entry.resourceType === "document" || getHeader(entry.requestHeaders, "Sec-Fetch-Mode") === "navigate";
    if (!isDocument || !entry.serverIPAddress) continue;
    const origin = parseUrl(entry.url)?.origin;
    if (origin && !spaces.has(origin)) spaces.set(origin, entry.serverIPAddress);
  }
  return spaces;
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
  documentSpaces: ReadonlyMap<string, string>,
): Exchange {
  const hops: Hop[] = hopEntries.map((entry, index) => {
    const preflightEntry = preflightEntries[index] ?? null;
    const preflight: PreflightRecord | null = preflightEntry
      ? { request: toRecordedRequest(preflightEntry), response: toRecordedResponse(preflightEntry) }
      : null;
    return {
      request: toRecordedRequest(entry),
      response: toRecordedResponse(entry),
      preflightState: preflight ? "paired" : "not-captured",
      preflight,
    };
  });
  const first = hopEntries[0] as CapturedEntry;
  const initiatorOrigin = resolveInitiatorOrigin(first, preflightEntries[0] ?? null, options);
  const documentIp = initiatorOrigin ? documentSpaces.get(initiatorOrigin.value) : undefined;
  return {
    initiatorOrigin,
    initiatorAddressSpace: documentIp
      ? { value: addressSpaceOf(documentIp), source: "document-server-ip", inferred: false }
      : null,
    resourceType: first.resourceType,
    mode: inferMode(first),
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

const NO_CORS_RESOURCE_TYPES = new Set([
  "image",
  "script",
  "stylesheet",
  "media",
  "texttrack",
  "ping",
  "csp_violation_report",
]);

/**
 * The request mode. `Sec-Fetch-Mode` (sent by Chromium and Firefox) is the browser's own
 * statement; without it, Chromium's resource type and the opaque-response pattern decide.
 */
function inferMode(first: CapturedEntry): Sourced<RequestMode> | null {
  const secFetchMode = first.provisionalHeaders ? null : getHeader(first.requestHeaders, "Sec-Fetch-Mode");
  const modes: readonly RequestMode[] = ["cors", "no-cors", "same-origin", "navigate", "websocket"];
  if (secFetchMode && (modes as readonly string[]).includes(byteLowercase(secFetchMode))) {
    return { value: byteLowercase(secFetchMode) as RequestMode, source: "sec-fetch-mode", inferred: false };
  }
  const type = first.resourceType;
  if (type === "document") return { value: "navigate", source: "resource-type", inferred: true };
  if (type === "websocket") return { value: "websocket", source: "resource-type", inferred: true };
  const opaque =
    first.outcome.errorText?.includes("ERR_ABORTED") &&
    first.status > 0 &&
    first.responseHeaders.length === 0 &&
    getHeader(first.requestHeaders, "Origin") === null;
  if (opaque) return { value: "no-cors", source: "opaque-response", inferred: true };
  if (
    type &&
    NO_CORS_RESOURCE_TYPES.has(type) &&
    !first.provisionalHeaders &&
    getHeader(first.requestHeaders, "Origin") === null
  ) {
    return { value: "no-cors", source: "resource-type", inferred: true };
  }
  if (type === "fetch" || type === "xhr" || type === "eventsource" || type === "font") {
    return { value: "cors", source: "resource-type", inferred: true };
  }
  if (getHeader(first.requestHeaders, "Origin") !== null)
    return { value: "cors", source: "origin-header", inferred: true };
  return null;
}
