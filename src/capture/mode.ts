/**
 * The request's mode (https://fetch.spec.whatwg.org/#concept-request-mode), from the strongest
 * evidence the capture holds, in this order:
 *
 * 1. Chromium's `_resourceType` where it settles the mode (`document`, `websocket`);
 * 2. Fetch Metadata: `Sec-Fetch-Mode`, else `Sec-Fetch-Dest`. The network stack adds these, so
 *    they are what was sent even when the rest of the headers are only the provisional ones;
 * 3. the rest of Chromium's evidence: an opaque response, `_resourceType`, `_initiator`;
 * 4. a captured preflight (only a CORS request has one), or a method only CORS allows;
 * 5. the request's shape: a navigation (`Accept` led by `text/html`, `Upgrade-Insecure-Requests`,
 *    a form POST answered with HTML, the HAR page's own document) or a subresource (an image or
 *    style `Accept`); then `Origin`, sent or not.
 *
 * When none of it settles the mode the answer is null with the reason, and the engine says
 * `unknown` rather than `blocked`: a form submission or a no-cors POST is not CORS.
 *
 * Runs once per exchange on the panel's per-request path: header look-ups only, no regular
 * expressions, evidence arrays only for the answer given.
 */

import { isOpaqueAbortedResponse, netErrorName } from "../engine/diagnosis/net-errors.js";
import { parseUrl } from "../engine/fetch/origin.js";
import { isNoCorsSafelistedRequestHeader, scriptSettableHeaders } from "../engine/fetch/safelist.js";
import type { Evidence, RequestMode, Sourced } from "../engine/types.js";
import type { CapturedEntry } from "./entry.js";
import type { HarPage } from "./har-schema.js";
import { byteLowercase, getHeader } from "./headers.js";

export interface InferredMode {
  readonly mode: Sourced<RequestMode> | null;
  /** The recorded facts the answer rests on (what the five questions show). */
  readonly evidence: readonly Evidence[];
  /** When `mode` is null: why nothing decided it. */
  readonly unknownReason: string | null;
}

export interface ModeInput {
  /** The first hop's entry. */
  readonly first: CapturedEntry;
  /** The last hop's entry (its answer tells a form submission's HTML page). */
  readonly last: CapturedEntry;
  /** Every hop's entry, first to last (a redirect can lead a same-origin request to another origin). */
  readonly hops?: readonly CapturedEntry[];
  readonly lastHop: number;
  /** The first hop's paired preflight, if any. */
  readonly preflight: CapturedEntry | null;
  readonly initiatorOrigin: string | null;
  readonly pages: readonly HarPage[] | undefined;
}

const MODES: ReadonlySet<string> = new Set(["cors", "no-cors", "same-origin", "navigate", "websocket"]);

/** `Sec-Fetch-Dest` values that only a navigation has. */
const NAVIGATION_DESTS: ReadonlySet<string> = new Set(["document", "iframe", "frame"]);
/** `Sec-Fetch-Dest` values of subresources that are no-cors unless the element asks for CORS. */
const ELEMENT_DESTS: ReadonlySet<string> = new Set(["image", "style", "script", "audio", "video", "track"]);

/** Chromium resource types loaded no-cors unless the element asks for CORS (`crossorigin`). */
const ELEMENT_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  "image",
  "script",
  "stylesheet",
  "media",
  "texttrack",
  "ping",
  "csp_violation_report",
]);
/** Chromium resource types that are always CORS requests. */
const CORS_RESOURCE_TYPES: ReadonlySet<string> = new Set(["fetch", "xhr", "eventsource", "font"]);

/** Content types an HTML form can send (and the only ones a no-cors POST can carry). */
const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

export function inferMode(input: ModeInput): InferredMode {
  const { first } = input;
  // A malformed entry is `unknown` anyway; its defaults (an empty method) are no evidence.
  if (first.malformed.length > 0) return undecided("the entry is malformed");
  const type = first.resourceType;
  if (type === "document") return decided("navigate", "resource-type", [field("_resourceType", type)]);
  if (type === "websocket") return decided("websocket", "resource-type", [field("_resourceType", type)]);

  const fetchMetadata = fromFetchMetadata(first);
  if (fetchMetadata) return fetchMetadata;

  const sent = !first.provisionalHeaders;
  const origin = sent ? getHeader(first.requestHeaders, "Origin") : null;
  const unflaggedHop = crossOriginHopWithoutOrigin(input);
  const crossOriginUnflagged = unflaggedHop !== null;
  const chromium = fromChromiumFields(input, origin, unflaggedHop);
  if (chromium) return chromium;

  if (input.preflight) {
    const method = getHeader(input.preflight.requestHeaders, "Access-Control-Request-Method") ?? "";
    return decided("cors", "preflight", [
      { hop: 0, leg: "preflight", side: "request", name: "Access-Control-Request-Method", value: method },
    ]);
  }
  // Neither a navigation nor a no-cors request can use another method (fetch() throws for no-cors).
  const method = first.method;
  if (method !== "GET" && method !== "HEAD" && method !== "POST") {
    return decided("cors", "method", [{ hop: 0, leg: "actual", side: "request", name: ":method", value: method }]);
  }
  if (!sent) {
    return undecided("only the headers the page set were recorded, with no Sec-Fetch-Mode, resource type or preflight");
  }
  return fromShape(input, origin, crossOriginUnflagged);
}

function fromFetchMetadata(first: CapturedEntry): InferredMode | null {
  const secFetchMode = getHeader(first.requestHeaders, "Sec-Fetch-Mode");
  if (secFetchMode !== null) {
    const mode = byteLowercase(secFetchMode);
    if (MODES.has(mode))
      return decided(mode as RequestMode, "sec-fetch-mode", [header("Sec-Fetch-Mode", secFetchMode)]);
  }
  const dest = getHeader(first.requestHeaders, "Sec-Fetch-Dest");
  if (dest === null) return null;
  const destination = byteLowercase(dest);
  if (NAVIGATION_DESTS.has(destination)) return decided("navigate", "sec-fetch-dest", [header("Sec-Fetch-Dest", dest)]);
  if (destination === "font") return decided("cors", "sec-fetch-dest", [header("Sec-Fetch-Dest", dest)]);
  if (ELEMENT_DESTS.has(destination) && !first.provisionalHeaders) {
    const origin = getHeader(first.requestHeaders, "Origin");
    return origin === null
      ? decided("no-cors", "sec-fetch-dest", [header("Sec-Fetch-Dest", dest)])
      : decided("cors", "sec-fetch-dest", [header("Sec-Fetch-Dest", dest), header("Origin", origin)]);
  }
  return null;
}

/**
 * The first hop sent in full to another origin without `Origin`, which a browser always sends on a
 * CORS request (after a redirect too: the page's origin, or `null` once tainted); null when none.
 * A same-origin request redirected to another origin counts from the hop that left.
 */
function crossOriginHopWithoutOrigin(input: ModeInput): number | null {
  const hops = input.hops ?? [input.first];
  if (input.initiatorOrigin === null) return null;
  for (const [index, entry] of hops.entries()) {
    if (entry.provisionalHeaders || entry.malformed.length > 0) continue;
    if (parseUrl(entry.url)?.origin === input.initiatorOrigin) continue;
    return getHeader(entry.requestHeaders, "Origin") === null ? index : null;
  }
  return null;
}

/** `unflaggedHop`: see crossOriginHopWithoutOrigin. */
function fromChromiumFields(input: ModeInput, origin: string | null, unflaggedHop: number | null): InferredMode | null {
  const { first } = input;
  if (isOpaqueResponse(first, input.initiatorOrigin)) {
    return decided("no-cors", "opaque-response", [
      { hop: 0, leg: "actual", side: "response", name: ":error", value: first.outcome.errorText ?? "" },
    ]);
  }
  const type = first.resourceType;
  if (type === null && first.initiatorType === null) return null;
  if (unflaggedHop !== null) {
    return decided("no-cors", "no-origin-header", [
      ...(type !== null ? [field("_resourceType", type)] : []),
      { ...absent("Origin"), hop: unflaggedHop },
    ]);
  }
  const sent = !first.provisionalHeaders;
  if (type !== null && ELEMENT_RESOURCE_TYPES.has(type) && sent) {
    return origin === null
      ? decided("no-cors", "resource-type", [field("_resourceType", type)])
      : decided("cors", "resource-type", [field("_resourceType", type), header("Origin", origin)]);
  }
  if (type === "fetch" && fetchModeUndecidable(input)) {
    return undecided(
      first.provisionalHeaders
        ? "a fetch() recorded with provisional request headers only (no Sec-Fetch-Mode, Origin not reliably listed) and only headers a no-cors request may carry: mode 'cors' and mode 'no-cors' look the same, and Chromium records the answer alike"
        : "a fetch() POST with Origin and only headers a no-cors request may carry, but no Sec-Fetch-Mode (sent only to potentially trustworthy URLs): fetch() sends the same request with mode 'cors' and mode 'no-cors', and Chromium records the answer alike",
    );
  }
  if (type !== null && CORS_RESOURCE_TYPES.has(type))
    return decided("cors", "resource-type", [field("_resourceType", type)]);
  // Parser-inserted subresources (img, script, link) without Origin are no-cors.
  if (first.initiatorType === "parser" && sent && origin === null && type !== "other") {
    return decided("no-cors", "initiator", [field("_initiator.type", "parser")]);
  }
  return null;
}

/**
 * `_resourceType: fetch` is any fetch(), whatever its mode. A cross-origin no-cors fetch() is a
 * GET, HEAD or POST with no preflight and only no-CORS-safelisted headers; it sends Origin on a
 * POST, never on a GET or HEAD. So a POST with Origin that fits all that, answered without error
 * or as `net::ERR_ABORTED` (a CORS failure is recorded as `net::ERR_FAILED`), reads the same in
 * either mode: lab scenarios fuzz-no-cors-post-acao-matches (no-cors) and
 * allowed-text-plain-charset (cors) differ only in their body. Provisional headers (DevTools'
 * first copy, kept for some answered entries too) may lack Origin, so there a GET without it is
 * undecided as well, and a POST whatever it shows.
 */
function fetchModeUndecidable(input: ModeInput): boolean {
  const { first, last } = input;
  if (input.preflight !== null) return false;
  const sentOrigin = getHeader(first.requestHeaders, "Origin") !== null;
  if (first.method === "POST") {
    if (!sentOrigin && !first.provisionalHeaders) return false;
  } else if (first.method === "GET" || first.method === "HEAD") {
    if (sentOrigin || !first.provisionalHeaders) return false;
  } else {
    return false;
  }
  if (input.initiatorOrigin === null || parseUrl(first.url)?.origin === input.initiatorOrigin) return false;
  // Answered, and not failed as CORS fails (net::ERR_FAILED): no error, or net::ERR_ABORTED.
  const error = last.outcome.errorText;
  if (last.status <= 0 || (error !== null && netErrorName(error) !== "ERR_ABORTED")) return false;
  for (const h of scriptSettableHeaders(first.requestHeaders)) {
    if (!isNoCorsSafelistedRequestHeader(h.name, h.value)) return false;
  }
  return true;
}

function fromShape(input: ModeInput, origin: string | null, crossOriginWithoutOrigin: boolean): InferredMode {
  const { first } = input;
  const accept = getHeader(first.requestHeaders, "Accept");
  const upgrade = getHeader(first.requestHeaders, "Upgrade-Insecure-Requests");
  // Browsers send Upgrade-Insecure-Requests only on navigations, and lead a navigation's Accept with text/html.
  if (upgrade !== null)
    return decided("navigate", "upgrade-insecure-requests", [header("Upgrade-Insecure-Requests", upgrade)]);
  if (accept !== null && startsWithLower(accept, "text/html")) {
    return decided("navigate", "accept-html", [header("Accept", accept)]);
  }
  const pageDocument = isPageDocument(input);
  if (pageDocument)
    return decided("navigate", "har-page", [
      { hop: 0, leg: "actual", side: "request", name: ":url", value: first.url },
    ]);
  if (accept === null && first.method === "POST") {
    const contentType = getHeader(first.requestHeaders, "Content-Type");
    const answer = getHeader(input.last.responseHeaders, "Content-Type");
    if (
      contentType !== null &&
      isFormContentType(contentType) &&
      answer !== null &&
      startsWithLower(answer, "text/html")
    ) {
      return decided("navigate", "form-html-answer", [
        header("Content-Type", contentType),
        {
          hop: input.lastHop,
          leg: input.lastHop === 0 ? "actual" : "redirect",
          side: "response",
          name: "Content-Type",
          value: answer,
        },
      ]);
    }
  }
  if (accept !== null && (startsWithLower(accept, "image/") || startsWithLower(accept, "text/css"))) {
    return origin === null
      ? decided("no-cors", "subresource-accept", [header("Accept", accept)])
      : decided("cors", "subresource-accept", [header("Accept", accept), header("Origin", origin)]);
  }
  if (origin === null) {
    if (crossOriginWithoutOrigin) return decided("no-cors", "no-origin-header", [absent("Origin")]);
    return undecided(
      input.initiatorOrigin === null
        ? "no Origin, Sec-Fetch-Mode or resource type was recorded, and the page's origin is not known"
        : "no Origin, Sec-Fetch-Mode or resource type was recorded",
    );
  }
  const evidence = [header("Origin", origin)];
  // Only a CORS request can send a non-form content type, or Origin on a GET.
  if (first.method !== "POST") return decided("cors", "origin-header", evidence);
  const contentType = getHeader(first.requestHeaders, "Content-Type");
  if (contentType !== null && !isFormContentType(contentType)) {
    return decided("cors", "origin-header", [...evidence, header("Content-Type", contentType)]);
  }
  if (accept !== null) return decided("cors", "origin-header", [...evidence, header("Accept", accept)]);
  return undecided(
    "a POST with Origin and a form's content type, but no Accept, Sec-Fetch-Mode or resource type: a form submission and a script's request look alike",
  );
}

/** The first entry of a HAR page whose URL is the page's own (Chromium titles pages with their URL). */
function isPageDocument(input: ModeInput): boolean {
  const { first, pages } = input;
  if (!pages || pages.length === 0 || first.method !== "GET") return false;
  for (const page of pages) {
    if (page.title === first.url && (first.pageref === null || page.id === null || page.id === first.pageref)) {
      return true;
    }
  }
  return false;
}

function isFormContentType(value: string): boolean {
  for (const type of FORM_CONTENT_TYPES) if (startsWithLower(value.trimStart(), type)) return true;
  return false;
}

/** ASCII case-insensitive prefix test without lower-casing the whole value. */
function startsWithLower(value: string, prefix: string): boolean {
  if (value.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * An opaque (no-cors) response as Chromium records it: `net::ERR_ABORTED` with the real status and
 * no ACAO, to another origin (`isOpaqueAbortedResponse` says why a CORS request cannot end so).
 */
function isOpaqueResponse(entry: CapturedEntry, initiatorOrigin: string | null): boolean {
  if (!isOpaqueAbortedResponse(entry.status, entry.outcome.errorText, entry.responseHeaders)) return false;
  return initiatorOrigin === null || parseUrl(entry.url)?.origin !== initiatorOrigin;
}

function decided(value: RequestMode, source: string, evidence: readonly Evidence[]): InferredMode {
  return { mode: { value, source, inferred: source !== "sec-fetch-mode" }, evidence, unknownReason: null };
}

function undecided(reason: string): InferredMode {
  return { mode: null, evidence: [], unknownReason: reason };
}

function header(name: string, value: string): Evidence {
  return { hop: 0, leg: "actual", side: "request", name, value };
}

/** A HAR field of Chromium's (`_resourceType`, `_initiator.type`), shown like a header line. */
function field(name: string, value: string): Evidence {
  return { hop: 0, leg: "actual", side: "request", name, value };
}

function absent(name: string): Evidence {
  return { hop: 0, leg: "actual", side: "request", name, value: "(not sent)" };
}
