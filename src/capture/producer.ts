/**
 * Which tool wrote a HAR file, from `log.creator`, `log.browser` and, when those say nothing
 * known, the fields its entries carry. What each producer records was read off the fixtures in
 * test/fixtures/har (README's producer table); what matters to the diagnosis is whether the
 * producer can show a CORS preflight at all:
 *
 * - Chromium (`getHAR()`, DevTools' "Save all as HAR", Edge): records preflights, except one
 *   answered from the preflight cache or sent before DevTools was open;
 * - Firefox: records preflights as ordinary OPTIONS entries, with the same exceptions;
 * - Playwright's `recordHar`: never (its HAR lists Playwright's requests, and a preflight is not
 *   one); a request stopped by its preflight is status -1 with `_failureText`;
 * - Safari's Web Inspector: never (it does not list preflights; shaped after WebKit's HARBuilder.js);
 * - mitmproxy and other proxies: every preflight that went over the wire, as its own flow, but
 *   nothing the browser answered itself (a cached preflight, a request it never sent).
 */

import type { CaptureProducer } from "../engine/types.js";

export interface HarProducer {
  readonly kind: CaptureProducer;
  /** `log.creator` as written ("Playwright", "WebInspector", ...). */
  readonly name: string | null;
  readonly version: string | null;
  /** `log.browser.name` when the HAR has one (Playwright and Firefox write it). */
  readonly browser: string | null;
}

/** Whether a capture by this producer can hold a CORS preflight at all. */
export const RECORDS_PREFLIGHTS: Readonly<Record<CaptureProducer, boolean>> = {
  chromium: true,
  firefox: true,
  safari: false,
  playwright: false,
  mitmproxy: true,
  proxy: true,
  unknown: true,
};

export const UNKNOWN_PRODUCER: HarProducer = { kind: "unknown", name: null, version: null, browser: null };

export interface ProducerInput {
  readonly creator: { readonly name: string | null; readonly version: string | null };
  readonly browser?: { readonly name: string | null } | null;
}

/** How many entries are looked at when the creator says nothing known. */
const SAMPLE = 20;

export function detectProducer(log: ProducerInput, entries: readonly unknown[] = []): HarProducer {
  const name = log.creator.name;
  const known = { name, version: log.creator.version, browser: log.browser?.name ?? null };
  const kind = kindFromCreator(name) ?? kindFromEntries(entries);
  return { kind, ...known };
}

function kindFromCreator(name: string | null): CaptureProducer | null {
  if (name === null) return null;
  const lower = name.toLowerCase();
  if (lower === "playwright") return "playwright";
  // Safari: "WebKit Web Inspector"; Chromium's DevTools and getHAR(): "WebInspector".
  if (lower.includes("webkit")) return "safari";
  if (lower === "webinspector" || lower.includes("edge") || lower.includes("chrome")) return "chromium";
  if (lower.includes("firefox")) return "firefox";
  if (lower.includes("mitmproxy")) return "mitmproxy";
  if (lower.includes("proxy")) return "proxy";
  return null;
}

/** The fields only one producer writes (Playwright's `_failureText`/`_frameref`, WebKit's `_fetchType`). */
function kindFromEntries(entries: readonly unknown[]): CaptureProducer {
  const end = Math.min(entries.length, SAMPLE);
  for (let i = 0; i < end; i++) {
    const entry = entries[i];
    if (typeof entry !== "object" || entry === null) continue;
    const fields = entry as Record<string, unknown>;
    // Untrusted input: `response` may be anything, and `in` throws on a string.
    const response =
      typeof fields.response === "object" && fields.response !== null
        ? (fields.response as Record<string, unknown>)
        : undefined;
    if ("_frameref" in fields || "_monotonicTime" in fields || (response && "_failureText" in response)) {
      return "playwright";
    }
    if ("_fetchType" in fields) return "safari";
    if ("_initiator" in fields && response && "_error" in response) return "chromium";
  }
  return "unknown";
}

/**
 * The same answer as `detectProducer` for a document read in parts (cli/har-split.ts): the
 * creator sits in whichever part holds the log's head, the entries' fields in the first parts.
 */
export function producerSniffer() {
  let creator: ProducerInput["creator"] = { name: null, version: null };
  let browser: ProducerInput["browser"] = null;
  const sample: unknown[] = [];
  return {
    observe(log: ProducerInput, entries: readonly unknown[]): void {
      if (creator.name === null) creator = log.creator;
      browser ??= log.browser ?? null;
      for (let i = 0; i < entries.length && sample.length < SAMPLE; i++) sample.push(entries[i]);
    },
    result(): HarProducer {
      return detectProducer({ creator, browser }, sample);
    },
  };
}
