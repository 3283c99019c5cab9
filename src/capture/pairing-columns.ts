/**
 * The part of each entry that pairing reads, in columns, so threads can send it cheaply: arrays
 * of strings and one Float64Array clone about five times faster than the same data as objects.
 * `decodePairingColumns` turns them back into small entries that the exchange store pairs
 * exactly as it pairs the full entries (test/capture/store.test.ts holds the two together).
 *
 * What the store reads: key, URL, method, preflight or not, malformed or not, resource type, start
 * time, page, status, redirect URL, server IP (documents), whether the headers are provisional,
 * how many response headers there are (a fuller copy replaces an incomplete one), and three
 * request headers: Origin, Access-Control-Request-Method and Sec-Fetch-Mode.
 */

import type { HeaderLine } from "../engine/types.js";
import type { CapturedEntry } from "./entry.js";
import { getHeader } from "./headers.js";

export interface PairingColumns {
  /** Index (in the whole capture) of the first entry. */
  readonly firstIndex: number;
  readonly keys: readonly string[];
  readonly urls: readonly string[];
  readonly methods: readonly string[];
  readonly pagerefs: readonly (string | null)[];
  readonly redirectURLs: readonly (string | null)[];
  readonly resourceTypes: readonly (string | null)[];
  readonly serverIPAddresses: readonly (string | null)[];
  readonly origins: readonly (string | null)[];
  readonly requestMethods: readonly (string | null)[];
  readonly fetchModes: readonly (string | null)[];
  /** NUMBERS_PER_ENTRY per entry: start (NaN: none), status, response header count, malformed count, flags. */
  readonly numbers: Float64Array;
}

const NUMBERS_PER_ENTRY = 5;
const PREFLIGHT = 1;
const PROVISIONAL = 2;

export function encodePairingColumns(entries: readonly CapturedEntry[], firstIndex: number): PairingColumns {
  const numbers = new Float64Array(entries.length * NUMBERS_PER_ENTRY);
  const columns = {
    firstIndex,
    keys: [] as string[],
    urls: [] as string[],
    methods: [] as string[],
    pagerefs: [] as (string | null)[],
    redirectURLs: [] as (string | null)[],
    resourceTypes: [] as (string | null)[],
    serverIPAddresses: [] as (string | null)[],
    origins: [] as (string | null)[],
    requestMethods: [] as (string | null)[],
    fetchModes: [] as (string | null)[],
    numbers,
  };
  entries.forEach((entry, i) => {
    columns.keys.push(entry.key);
    columns.urls.push(entry.url);
    columns.methods.push(entry.method);
    columns.pagerefs.push(entry.pageref);
    columns.redirectURLs.push(entry.redirectURL);
    columns.resourceTypes.push(entry.resourceType);
    columns.serverIPAddresses.push(entry.serverIPAddress);
    columns.origins.push(getHeader(entry.requestHeaders, "Origin"));
    columns.requestMethods.push(getHeader(entry.requestHeaders, "Access-Control-Request-Method"));
    columns.fetchModes.push(getHeader(entry.requestHeaders, "Sec-Fetch-Mode"));
    const at = i * NUMBERS_PER_ENTRY;
    numbers[at] = entry.startedMs ?? Number.NaN;
    numbers[at + 1] = entry.status;
    numbers[at + 2] = entry.responseHeaders.length;
    numbers[at + 3] = entry.malformed.length;
    numbers[at + 4] = (entry.isPreflight ? PREFLIGHT : 0) | (entry.provisionalHeaders ? PROVISIONAL : 0);
  });
  return columns;
}

/** A pairing entry: a CapturedEntry with only what pairing reads, and its index in the capture. */
export type PairingEntry = CapturedEntry & { readonly index: number };

const PLACEHOLDER_LINE: HeaderLine = { name: "", value: "" };
const NO_OUTCOME = { state: "unknown", errorText: null } as const;

export function decodePairingColumns(columns: PairingColumns): PairingEntry[] {
  const entries: PairingEntry[] = [];
  const { numbers } = columns;
  for (let i = 0; i < columns.keys.length; i++) {
    const at = i * NUMBERS_PER_ENTRY;
    const requestHeaders: HeaderLine[] = [];
    const origin = columns.origins[i] ?? null;
    const requestMethod = columns.requestMethods[i] ?? null;
    const fetchMode = columns.fetchModes[i] ?? null;
    if (origin !== null) requestHeaders.push({ name: "Origin", value: origin });
    if (requestMethod !== null) requestHeaders.push({ name: "Access-Control-Request-Method", value: requestMethod });
    if (fetchMode !== null) requestHeaders.push({ name: "Sec-Fetch-Mode", value: fetchMode });
    const startedMs = numbers[at] as number;
    const flags = numbers[at + 4] as number;
    entries.push({
      index: columns.firstIndex + i,
      key: columns.keys[i] as string,
      method: columns.methods[i] as string,
      url: columns.urls[i] as string,
      requestHeaders,
      provisionalHeaders: (flags & PROVISIONAL) !== 0,
      status: numbers[at + 1] as number,
      statusText: "",
      responseHeaders: new Array<HeaderLine>(numbers[at + 2] as number).fill(PLACEHOLDER_LINE),
      redirectURL: columns.redirectURLs[i] ?? null,
      outcome: NO_OUTCOME,
      resourceType: columns.resourceTypes[i] ?? null,
      initiatorType: null,
      initiatorRequestId: null,
      startedMs: Number.isNaN(startedMs) ? null : startedMs,
      durationMs: null,
      serverIPAddress: columns.serverIPAddresses[i] ?? null,
      pageref: columns.pagerefs[i] ?? null,
      isPreflight: (flags & PREFLIGHT) !== 0,
      malformed: new Array<string>(numbers[at + 3] as number).fill("malformed"),
    });
  }
  return entries;
}
