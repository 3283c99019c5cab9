/**
 * An incremental exchange store: entries arrive one at a time and in any order (DevTools'
 * `onRequestFinished` delivers a preflight before or after its actual request, and a redirect hop
 * before or after its target), and each arrival touches only the exchanges it belongs to.
 *
 * The batch builder (`buildExchanges`) feeds a whole HAR through the same store in time order, so
 * the panel, the CLI and the tests pair requests identically.
 *
 * Memory is bounded: at most `cap` exchanges are kept; the oldest are dropped and counted.
 */

import { parseUrl } from "../engine/fetch/origin.js";
import type { CapturedEntry } from "./entry.js";
import { getHeader } from "./headers.js";

/** How far apart (ms) a preflight and its actual request may start and still be paired. */
export const PAIRING_WINDOW_MS = 60_000;
/**
 * Requests started this close to a preflight are "in flight together" (Promise.all): they are
 * paired first come, first served, the order in which the browser starts their preflights.
 */
const TOGETHER_MS = 2_000;
/** Page origins whose document server IP is remembered (oldest forgotten first). */
const MAX_DOCUMENT_ORIGINS = 1_000;
/** Redirect chains longer than this are cut (browsers stop at 20). */
const MAX_HOPS = 32;

export interface StoredExchange {
  readonly id: string;
  /** The hops' entries; for a lone preflight, one synthesized entry standing for the unseen request. */
  hops: CapturedEntry[];
  preflights: (CapturedEntry | null)[];
  actualRecorded: boolean;
  startedMs: number | null;
  /** Bumped on every change, so consumers re-diagnose only what changed. */
  version: number;
  /** Insertion sequence, to keep a stable order among equal timestamps. */
  readonly sequence: number;
  /** Index bookkeeping: the redirect target this exchange waits for, if any. */
  pendingTarget: string | null;
}

export class ExchangeStore {
  private readonly exchanges = new Map<string, StoredExchange>();
  /** Which exchange (and hop) each entry key lives in. */
  private readonly location = new Map<string, { exchange: StoredExchange; hop: number; preflight: boolean }>();
  /** Hop entries with no preflight yet, by URL: candidates for a late preflight. */
  private readonly unpaired = new Map<string, CapturedEntry[]>();
  /** Exchanges made of a lone preflight, by URL: waiting for their actual request. */
  private readonly lonePreflights = new Map<string, StoredExchange[]>();
  /** Redirect hops whose target has not arrived, by the target URL. */
  private readonly pendingRedirects = new Map<string, StoredExchange[]>();
  /** Exchanges whose first hop could still turn out to be a redirect's target, by URL. */
  private readonly heads = new Map<string, StoredExchange[]>();
  /** The server IP of each page origin's document (for Local Network Access). */
  readonly documentIps = new Map<string, string>();
  private sequence = 0;
  private droppedCount = 0;

  constructor(private readonly cap = Number.POSITIVE_INFINITY) {}

  get size(): number {
    return this.exchanges.size;
  }

  /** How many exchanges were dropped to stay within the cap. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Exchanges in start order. */
  list(): StoredExchange[] {
    return [...this.exchanges.values()].sort(
      (a, b) => (a.startedMs ?? 0) - (b.startedMs ?? 0) || a.sequence - b.sequence,
    );
  }

  get(id: string): StoredExchange | undefined {
    return this.exchanges.get(id);
  }

  /** The id of the exchange that holds the entry with this key, if any. */
  exchangeIdOf(entryKey: string): string | null {
    return this.location.get(entryKey)?.exchange.id ?? null;
  }

  /**
   * The sizes of the store's indexes, and how many of their references are stale (point at an
   * exchange no longer stored, or at an entry it no longer holds): always 0, as the long-session
   * test proves for 50,000 requests through a capped store.
   */
  indexStats(): {
    exchanges: number;
    locations: number;
    unpaired: number;
    lonePreflights: number;
    pendingRedirects: number;
    heads: number;
    documentIps: number;
    stale: number;
  } {
    let stale = 0;
    const live = (exchange: StoredExchange) => this.exchanges.get(exchange.id) === exchange;
    for (const [key, at] of this.location) {
      const held = at.preflight ? at.exchange.preflights[at.hop] : at.exchange.hops[at.hop];
      if (!live(at.exchange) || held?.key !== key) stale++;
    }
    let unpaired = 0;
    for (const list of this.unpaired.values()) {
      for (const entry of list) {
        unpaired++;
        const at = this.location.get(entry.key);
        if (!at || !live(at.exchange) || at.exchange.hops[at.hop] !== entry) stale++;
      }
    }
    const count = (index: Map<string, StoredExchange[]>) => {
      let n = 0;
      for (const list of index.values()) {
        n += list.length;
        for (const exchange of list) if (!live(exchange)) stale++;
      }
      return n;
    };
    return {
      exchanges: this.exchanges.size,
      locations: this.location.size,
      unpaired,
      lonePreflights: count(this.lonePreflights),
      pendingRedirects: count(this.pendingRedirects),
      heads: count(this.heads),
      documentIps: this.documentIps.size,
      stale,
    };
  }

  clear(): void {
    this.exchanges.clear();
    this.location.clear();
    this.unpaired.clear();
    this.lonePreflights.clear();
    this.pendingRedirects.clear();
    this.heads.clear();
    this.documentIps.clear();
  }

  /**
   * Adds one entry. A copy of an entry already stored replaces it only when it is fuller (an
   * incomplete `onRequestFinished` delivery followed by the complete one). Returns the ids of the
   * exchanges that changed (and of those removed).
   */
  add(entry: CapturedEntry): string[] {
    this.noteDocument(entry);
    const existing = this.location.get(entry.key);
    if (existing) return this.replace(existing, entry);
    const changed =
      entry.isPreflight && entry.malformed.length === 0 ? this.addPreflight(entry) : this.addRequest(entry);
    this.enforceCap(changed);
    return changed;
  }

  private noteDocument(entry: CapturedEntry): void {
    if (!entry.serverIPAddress) return;
    const isDocument =
      entry.resourceType === "document" || getHeader(entry.requestHeaders, "Sec-Fetch-Mode") === "navigate";
    if (!isDocument) return;
    const origin = parseUrl(entry.url)?.origin;
    if (!origin || this.documentIps.has(origin)) return;
    // Bounded like the exchanges: a long session can visit many sites.
    if (this.documentIps.size >= MAX_DOCUMENT_ORIGINS)
      this.documentIps.delete(this.documentIps.keys().next().value as string);
    this.documentIps.set(origin, entry.serverIPAddress);
  }

  private replace(at: { exchange: StoredExchange; hop: number; preflight: boolean }, entry: CapturedEntry): string[] {
    const list = at.preflight ? at.exchange.preflights : at.exchange.hops;
    const previous = list[at.hop];
    if (!previous || !isFuller(entry, previous)) return [];
    list[at.hop] = entry;
    if (!at.preflight) {
      // The index of unpaired requests holds entries themselves: keep the one the exchange holds
      // (else eviction, which removes the exchange's entries, would leave the old copy behind).
      const waiting = this.unpaired.get(previous.url);
      const index = waiting ? waiting.indexOf(previous) : -1;
      if (waiting && index !== -1) waiting[index] = entry;
    }
    at.exchange.version++;
    return [at.exchange.id];
  }

  private addPreflight(preflight: CapturedEntry): string[] {
    const request = this.bestRequestFor(preflight);
    if (request) {
      const at = this.location.get(request.key);
      if (at) {
        at.exchange.preflights[at.hop] = preflight;
        at.exchange.version++;
        this.location.set(preflight.key, { exchange: at.exchange, hop: at.hop, preflight: true });
        deleteFrom(this.unpaired, request.url, request);
        return [at.exchange.id];
      }
    }
    // No request yet: a lone preflight, shown on its own until its actual request arrives.
    const exchange = this.create(preflight.key, [synthesizeActual(preflight)], [preflight], false, preflight.startedMs);
    this.location.set(preflight.key, { exchange, hop: 0, preflight: true });
    addTo(this.lonePreflights, preflight.url, exchange);
    return [exchange.id];
  }

  private addRequest(entry: CapturedEntry): string[] {
    const changed: string[] = [];
    // A redirect's target joins the exchange of the redirect.
    let exchange = this.takePendingRedirect(entry);
    let hop: number;
    if (exchange) {
      exchange.hops.push(entry);
      exchange.preflights.push(null);
      hop = exchange.hops.length - 1;
      exchange.version++;
    } else {
      exchange = this.create(entry.key, [entry], [null], true, entry.startedMs);
      hop = 0;
      addTo(this.heads, entry.url, exchange);
    }
    this.location.set(entry.key, { exchange, hop, preflight: false });
    changed.push(exchange.id);

    // A preflight that arrived first pairs now (and its stand-in exchange goes away).
    if (entry.malformed.length === 0) {
      const lone = this.bestLonePreflightFor(entry);
      if (lone) {
        const preflight = lone.preflights[0] as CapturedEntry;
        this.remove(lone);
        changed.push(lone.id);
        exchange.preflights[hop] = preflight;
        this.location.set(preflight.key, { exchange, hop, preflight: true });
      } else {
        addTo(this.unpaired, entry.url, entry);
      }
    }

    // A redirect: attach its target if it already arrived, else wait for it.
    const target = redirectTarget(entry);
    if (target && exchange.hops.length < MAX_HOPS) {
      const head = this.takeHead(target, entry);
      if (head && head !== exchange) {
        this.mergeInto(exchange, head);
        changed.push(head.id);
      } else {
        addTo(this.pendingRedirects, target, exchange);
        exchange.pendingTarget = target;
      }
    }
    return changed;
  }

  private takePendingRedirect(entry: CapturedEntry): StoredExchange | undefined {
    const waiting = this.pendingRedirects.get(entry.url);
    if (!waiting) return undefined;
    for (const exchange of waiting) {
      const last = exchange.hops[exchange.hops.length - 1] as CapturedEntry;
      if (last.pageref !== entry.pageref) continue;
      if (last.startedMs !== null && entry.startedMs !== null && entry.startedMs < last.startedMs) continue;
      deleteFrom(this.pendingRedirects, entry.url, exchange);
      exchange.pendingTarget = null;
      return exchange;
    }
    return undefined;
  }

  private takeHead(url: string, redirect: CapturedEntry): StoredExchange | undefined {
    const candidates = this.heads.get(url);
    if (!candidates) return undefined;
    for (const head of candidates) {
      const first = head.hops[0] as CapturedEntry;
      if (first.pageref !== redirect.pageref) continue;
      if (first.startedMs !== null && redirect.startedMs !== null && first.startedMs < redirect.startedMs) continue;
      deleteFrom(this.heads, url, head);
      return head;
    }
    return undefined;
  }

  /** Appends `tail`'s hops to `exchange` (a redirect whose target arrived first). */
  private mergeInto(exchange: StoredExchange, tail: StoredExchange): void {
    this.remove(tail, { keepEntries: true });
    for (let i = 0; i < tail.hops.length; i++) {
      const hopEntry = tail.hops[i] as CapturedEntry;
      const preflight = tail.preflights[i] ?? null;
      exchange.hops.push(hopEntry);
      exchange.preflights.push(preflight);
      const hop = exchange.hops.length - 1;
      this.location.set(hopEntry.key, { exchange, hop, preflight: false });
      if (preflight) this.location.set(preflight.key, { exchange, hop, preflight: true });
    }
    // The tail's last hop may itself be waiting for a redirect target.
    if (tail.pendingTarget) {
      addTo(this.pendingRedirects, tail.pendingTarget, exchange);
      exchange.pendingTarget = tail.pendingTarget;
    }
    exchange.version++;
  }

  /**
   * The unpaired request this preflight most likely preceded: same URL, method and origin. Among
   * requests started together with it, the earliest (first come, first served); otherwise the
   * closest in time.
   */
  private bestRequestFor(preflight: CapturedEntry): CapturedEntry | undefined {
    const method = getHeader(preflight.requestHeaders, "Access-Control-Request-Method");
    const origin = getHeader(preflight.requestHeaders, "Origin");
    const candidates = (this.unpaired.get(preflight.url) ?? []).filter((request) => {
      if (method !== null && request.method !== method) return false;
      const requestOrigin = request.provisionalHeaders ? null : getHeader(request.requestHeaders, "Origin");
      return requestOrigin === null || origin === null || requestOrigin === origin;
    });
    return pickPartner(preflight, candidates, (request) => request);
  }

  private bestLonePreflightFor(request: CapturedEntry): StoredExchange | undefined {
    const requestOrigin = request.provisionalHeaders ? null : getHeader(request.requestHeaders, "Origin");
    const candidates = (this.lonePreflights.get(request.url) ?? []).filter((lone) => {
      const preflight = lone.preflights[0] as CapturedEntry;
      const method = getHeader(preflight.requestHeaders, "Access-Control-Request-Method");
      if (method !== null && method !== request.method) return false;
      const origin = getHeader(preflight.requestHeaders, "Origin");
      return requestOrigin === null || origin === null || requestOrigin === origin;
    });
    return pickPartner(request, candidates, (lone) => lone.preflights[0] as CapturedEntry);
  }

  private create(
    id: string,
    hops: CapturedEntry[],
    preflights: (CapturedEntry | null)[],
    actualRecorded: boolean,
    startedMs: number | null,
  ): StoredExchange {
    // Keys are unique per entry; a synthesized id only collides when a HAR repeats an entry verbatim.
    let uniqueId = id;
    for (let n = 2; this.exchanges.has(uniqueId); n++) uniqueId = `${id} #${n}`;
    const exchange: StoredExchange = {
      id: uniqueId,
      hops,
      preflights,
      actualRecorded,
      startedMs,
      version: 0,
      sequence: this.sequence++,
      pendingTarget: null,
    };
    this.exchanges.set(uniqueId, exchange);
    return exchange;
  }

  private remove(exchange: StoredExchange, options: { keepEntries?: boolean } = {}): void {
    this.exchanges.delete(exchange.id);
    const first = exchange.hops[0];
    if (first) deleteFrom(this.heads, first.url, exchange);
    if (!exchange.actualRecorded && exchange.preflights[0]) {
      deleteFrom(this.lonePreflights, (exchange.preflights[0] as CapturedEntry).url, exchange);
    }
    if (exchange.pendingTarget) {
      deleteFrom(this.pendingRedirects, exchange.pendingTarget, exchange);
      if (!options.keepEntries) exchange.pendingTarget = null;
    }
    if (options.keepEntries) return;
    for (const entry of exchange.hops) {
      this.location.delete(entry.key);
      deleteFrom(this.unpaired, entry.url, entry);
    }
    for (const entry of exchange.preflights) if (entry) this.location.delete(entry.key);
  }

  private enforceCap(changed: string[]): void {
    let excess = this.exchanges.size - this.cap;
    if (excess <= 0) return;
    // The Map iterates in creation order, so the first exchanges are the oldest.
    const oldest: StoredExchange[] = [];
    for (const exchange of this.exchanges.values()) {
      if (excess-- <= 0) break;
      oldest.push(exchange);
    }
    for (const exchange of oldest) {
      this.remove(exchange);
      this.droppedCount++;
      changed.push(exchange.id);
    }
  }
}

// Index lists are arrays, not Sets: almost every URL has one entry, and a capture has 100,000 URLs.
function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function deleteFrom<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) return;
  const at = list.indexOf(value);
  if (at !== -1) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

/** The partner for `entry` among `candidates` (see bestRequestFor). */
function pickPartner<T>(
  entry: CapturedEntry,
  candidates: readonly T[],
  entryOf: (candidate: T) => CapturedEntry,
): T | undefined {
  const inWindow = candidates.filter((c) => timeDistance(entryOf(c), entry) < PAIRING_WINDOW_MS);
  const together = inWindow.filter((c) => timeDistance(entryOf(c), entry) <= TOGETHER_MS);
  if (together.length > 0) {
    return together.reduce((best, c) => ((entryOf(c).startedMs ?? 0) < (entryOf(best).startedMs ?? 0) ? c : best));
  }
  let best: T | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of inWindow) {
    const distance = timeDistance(entryOf(c), entry);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

function timeDistance(a: CapturedEntry, b: CapturedEntry): number {
  if (a.startedMs === null || b.startedMs === null) return PAIRING_WINDOW_MS - 1;
  return Math.abs(a.startedMs - b.startedMs);
}

function redirectTarget(entry: CapturedEntry): string | null {
  if (!entry.redirectURL || entry.status < 300 || entry.status > 399) return null;
  return parseUrl(entry.redirectURL, entry.url)?.href ?? null;
}

/** browser-facts §2.6a: a response-check failure may first arrive with status 0 and no headers. */
export function isFuller(candidate: CapturedEntry, previous: CapturedEntry): boolean {
  if (previous.status === 0 && candidate.status !== 0) return true;
  if (candidate.status === 0 && previous.status !== 0) return false;
  // The request headers that were sent, over the provisional set a first copy can carry (no Origin,
  // no Sec-Fetch-*: the mode cannot be told; panel/state/incomplete.ts re-reads for this copy).
  if (candidate.provisionalHeaders !== previous.provisionalHeaders) return !candidate.provisionalHeaders;
  // A copy read from getHAR() while the request was still loading has Chromium's status and headers
  // but no `_error` yet (no recorded outcome); the copy onRequestFinished delivers when it is done has it.
  const recorded = (entry: CapturedEntry) => entry.outcome.state !== "unknown";
  if (recorded(candidate) !== recorded(previous)) return recorded(candidate);
  return candidate.responseHeaders.length > previous.responseHeaders.length;
}

/** The actual request a lone preflight announced, recorded as "not captured yet". */
export function synthesizeActual(preflight: CapturedEntry): CapturedEntry {
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
