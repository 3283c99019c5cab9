/**
 * Reads a console paste line by line, then merges the lines of one failure: Chrome's CORS line
 * with its `GET https://… net::ERR_FAILED 200 (OK)` / `Failed to load resource: …` companions,
 * Safari's `[Error]` triplet, Firefox's message with its "[Learn More]" line.
 */

import { classifyNetError } from "../engine/diagnosis/net-errors.js";
import {
  CHROME_BARE_STARTS,
  chromeInitiator,
  findChromeEnvelope,
  ISSUE_SUMMARY,
  PREFLIGHT_PREFIX,
  parseChromeBody,
} from "./chrome.js";
import { isLearnMore, parseFirefoxLine } from "./firefox.js";
import { emptyMeaning, group, looksLikeUrl, type Meaning, parseStatus } from "./meaning.js";
import {
  parseSafariDescription,
  parseSafariNetworkDescription,
  SAFARI_STARTS,
  stripSafariSource,
  withoutPreflight,
} from "./safari.js";
import type { ConsoleBrowser, ParsedConsoleError } from "./types.js";

/** Longer lines are cut before reading: no console message is this long (Chrome elides URLs at 1024). */
const MAX_LINE = 16_384;
/** How far (in lines) a companion may sit from its CORS line. */
const SAME_URL_WINDOW = 50;
const ADJACENT_WINDOW = 3;

interface ChromeRequest {
  readonly url: string;
  readonly method: string;
  readonly netError: string | null;
  readonly status: number | null;
  readonly statusText: string | null;
}

interface SafariLoad {
  readonly url: string | null;
  readonly initiator: string | null;
  readonly accessControl: boolean;
}

type Fragment =
  | { readonly kind: "chrome"; readonly line: number; readonly meaning: Meaning }
  | ({ readonly kind: "chrome-request"; readonly line: number } & ChromeRequest)
  | { readonly kind: "chrome-resource"; readonly line: number; readonly netError: string }
  | { readonly kind: "firefox"; readonly line: number; readonly meaning: Meaning }
  | { readonly kind: "learn-more"; readonly line: number }
  | {
      readonly kind: "safari";
      readonly line: number;
      /** A §5.1 description (its own line, after "Failed to load resource: " or after "cannot load {url}. "). */
      readonly description: { readonly key: string; readonly meaning: Meaning; readonly network: boolean } | null;
      /** "Fetch API cannot load {url} …" or an element's "Cross-origin script load denied …". */
      readonly load: (SafariLoad & { readonly element: Meaning | null }) | null;
      readonly resourceLine: boolean;
    };

interface Draft {
  readonly browser: ConsoleBrowser;
  meaning: Meaning;
  readonly lines: number[];
  method: string | null;
  statusText: string | null;
  hasRequest: boolean;
  hasResource: boolean;
}

/** Parses every CORS message in `text`. May throw on a bug; the public entry point guards it. */
export function parseConsoleText(text: string): ParsedConsoleError[] {
  const rawLines = text.split(/\r\n|\r|\n/);
  const fragments: Fragment[] = [];
  rawLines.forEach((raw, index) => {
    fragments.push(...parseLine(raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw, index));
  });
  const drafts = [...mergeChrome(fragments), ...mergeFirefox(fragments), ...mergeSafari(fragments)];
  drafts.sort((a, b) => (a.lines[0] ?? 0) - (b.lines[0] ?? 0));
  return drafts.map((draft) => finish(draft, rawLines));
}

// ---------------------------------------------------------------------------------------------
// One line.

function parseLine(line: string, index: number): Fragment[] {
  if (line.trim() === "") return [];

  // Chrome: "Access to fetch at '…' from origin '…' has been blocked by CORS policy: {body}".
  const envelope = findChromeEnvelope(line);
  if (envelope) {
    const { url, origin, redirectedFrom, initiator } = envelope.envelope;
    const body = parseChromeBody(line.slice(envelope.bodyStart));
    const meaning = body?.meaning ?? emptyMeaning();
    Object.assign(meaning, { url, redirectedFrom, initiator: initiator ?? meaning.initiator });
    meaning.origin = origin ?? meaning.origin;
    return [{ kind: "chrome", line: index, meaning }, ...gluedRequest(body?.rest ?? "", index)];
  }

  // Chrome's issue summary: "Access blocked by CORS policy: {body}" (only for fetch()).
  const summary = line.indexOf(ISSUE_SUMMARY);
  if (summary >= 0) {
    const body = parseChromeBody(line.slice(summary + ISSUE_SUMMARY.length));
    const meaning = body?.meaning ?? emptyMeaning();
    meaning.initiator = "fetch";
    return [{ kind: "chrome", line: index, meaning }, ...gluedRequest(body?.rest ?? "", index)];
  }

  const firefox = parseFirefoxLine(line);
  if (firefox) return [{ kind: "firefox", line: index, meaning: firefox }];

  const resource = parseFailedToLoadResource(line, index);
  if (resource !== undefined) return resource ? [resource] : [];

  const load = parseCannotLoad(line, index);
  if (load) return [load];

  const oldChrome = parseFailedToLoadUrl(line, index);
  if (oldChrome) return [oldChrome];

  const request = parseRequestLine(line);
  if (request) return [{ kind: "chrome-request", line: index, ...request }];

  // A body pasted without its envelope.
  const prefix = line.indexOf(PREFLIGHT_PREFIX);
  if (prefix >= 0) {
    const body = parseChromeBody(line.slice(prefix));
    if (body) return [{ kind: "chrome", line: index, meaning: body.meaning }];
  }
  const bare = parseBareDescription(line, index);
  if (bare) return [bare];

  if (isLearnMore(line)) return [{ kind: "learn-more", line: index }];
  return [];
}

/** `GET https://… net::ERR_FAILED 200 (OK)` glued to the end of a CORS line (newlines lost in a paste). */
function gluedRequest(rest: string, index: number): Fragment[] {
  if (!rest.includes("net::ERR_")) return [];
  const request = parseRequestLine(rest);
  return request ? [{ kind: "chrome-request", line: index, ...request }] : [];
}

/**
 * Chrome: `{METHOD} {url} net::ERR_… [{status} [({statusText})]]`, or the older
 * `{METHOD} {url} {status} ({statusText})` (merged only, never a result of its own).
 */
function parseRequestLine(line: string): ChromeRequest | null {
  const net = line.indexOf(" net::ERR_");
  if (net >= 0) {
    const tokens = line.slice(0, net).trim().split(/\s+/);
    const url = tokens.at(-1) ?? "";
    const method = tokens.at(-2) ?? "";
    if (!looksLikeUrl(url) || !/^[A-Za-z]+$/.test(method)) return null;
    const tail = /^net::(ERR_[A-Z0-9_]+)(?:\s+(\d{3})(?:\s+\(([^()]*)\))?)?/.exec(line.slice(net + 1));
    if (!tail) return null;
    return {
      url,
      method,
      netError: `net::${group(tail, 1)}`,
      status: parseStatus(tail[2]),
      statusText: tail[3] === undefined ? null : tail[3] || null,
    };
  }
  const plain = /(?:^|\s)([A-Z]{3,10}) ([A-Za-z][A-Za-z0-9+.-]*:\/\/\S+) (\d{3}) \(([^()]*)\)\s*$/.exec(line);
  if (!plain) return null;
  return {
    url: group(plain, 2),
    method: group(plain, 1),
    netError: null,
    status: parseStatus(plain[3]),
    statusText: group(plain, 4) || null,
  };
}

const FAILED_TO_LOAD_RESOURCE = "Failed to load resource: ";

/** Chrome's `Failed to load resource: net::ERR_FAILED`, Safari's `Failed to load resource: {description}`. */
function parseFailedToLoadResource(line: string, index: number): Fragment | null | undefined {
  const at = line.indexOf(FAILED_TO_LOAD_RESOURCE);
  if (at < 0) return undefined;
  const after = stripSafariSource(line.slice(at + FAILED_TO_LOAD_RESOURCE.length)).trim();
  const net = /^net::(ERR_[A-Z0-9_]+)/.exec(after);
  if (net) return { kind: "chrome-resource", line: index, netError: `net::${group(net, 1)}` };
  const description = safariDescription(after);
  if (!description) return null;
  return { kind: "safari", line: index, description, load: null, resourceLine: true };
}

function safariDescription(text: string): { key: string; meaning: Meaning; network: boolean } | null {
  const meaning = parseSafariDescription(text);
  if (meaning) return { key: text, meaning, network: false };
  const network = parseSafariNetworkDescription(text);
  if (network) return { key: text, meaning: network, network: true };
  return null;
}

const LOAD_PREFIX = /(?:(Fetch API|XMLHttpRequest|EventSource) cannot load |(?:^|[^A-Za-z])Cannot load )/;
const LOAD_REST = /^([A-Za-z][A-Za-z0-9+.-]*:\S*?)(?:( due to access control checks\.)|\.(?: (.*))?$|$)/;

/**
 * `{Fetch API|XMLHttpRequest|EventSource} cannot load {url} due to access control checks.` (Safari),
 * `Fetch API cannot load {url}. {summary}` (Chrome's renderer, §3.6), and the older one-line forms
 * `XMLHttpRequest cannot load {url}. {description}` of Chrome and Safari.
 */
function parseCannotLoad(line: string, index: number): Fragment | null {
  const prefix = LOAD_PREFIX.exec(line);
  if (!prefix) return null;
  const rest = LOAD_REST.exec(stripSafariSource(line.slice(prefix.index + prefix[0].length)).trimEnd());
  if (!rest) return null;
  const kind = prefix[1];
  const initiator = kind === undefined ? null : kind === "Fetch API" ? "fetch" : chromeInitiator(kind);
  const url = group(rest, 1);
  const accessControl = rest[2] !== undefined;
  const description = rest[3]?.trim() ?? "";
  if (description !== "") {
    const chrome = parseChromeBody(description);
    if (chrome) {
      const meaning = chrome.meaning;
      Object.assign(meaning, { url, initiator: meaning.initiator ?? initiator });
      return { kind: "chrome", line: index, meaning };
    }
  }
  const parsed = description === "" ? null : safariDescription(description);
  return {
    kind: "safari",
    line: index,
    description: parsed,
    load: { url, initiator, accessControl, element: null },
    resourceLine: false,
  };
}

/** Chrome ~2017–2018: `Failed to load {url}: {body}`. */
function parseFailedToLoadUrl(line: string, index: number): Fragment | null {
  const match = /Failed to load ([A-Za-z][A-Za-z0-9+.-]*:\S*?): (.*)$/.exec(line);
  if (!match) return null;
  const body = parseChromeBody(group(match, 2));
  if (!body) return null;
  body.meaning.url = group(match, 1);
  return { kind: "chrome", line: index, meaning: body.meaning };
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const BARE_STARTS = new RegExp([...new Set([...CHROME_BARE_STARTS, ...SAFARI_STARTS])].map(escapeRe).join("|"), "g");
const ELEMENT_LOAD = /^Cross-origin [a-z][a-z ]{0,30}? load denied by Cross-Origin Resource Sharing policy\./;

/** A Chrome body or a Safari description somewhere in the line, after console noise ("[Error] ", timestamps). */
function parseBareDescription(line: string, index: number): Fragment | null {
  const text = stripSafariSource(line);
  const starts = new RegExp(BARE_STARTS.source, "g");
  for (let attempts = 0; attempts < 32; attempts++) {
    const start = starts.exec(text);
    if (!start) return null;
    const at = text.slice(start.index);
    const chrome = parseChromeBody(at, true);
    if (chrome) return { kind: "chrome", line: index, meaning: chrome.meaning };
    const safari = parseSafariDescription(at);
    if (safari) {
      if (ELEMENT_LOAD.test(at)) {
        const element = { url: null, initiator: safari.initiator, accessControl: true, element: safari };
        return { kind: "safari", line: index, description: null, load: element, resourceLine: false };
      }
      return {
        kind: "safari",
        line: index,
        description: { key: at.trim(), meaning: safari, network: false },
        load: null,
        resourceLine: false,
      };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Merging.

function newDraft(browser: ConsoleBrowser, meaning: Meaning, line: number): Draft {
  return { browser, meaning, lines: [line], method: null, statusText: null, hasRequest: false, hasResource: false };
}

function mergeChrome(fragments: readonly Fragment[]): Draft[] {
  const drafts: Draft[] = [];
  const byUrl = new Map<string, Draft[]>();
  const index = (url: string | null, draft: Draft) => {
    if (url === null || url === "") return;
    const list = byUrl.get(url);
    if (list) list.push(draft);
    else byUrl.set(url, [draft]);
  };
  for (const fragment of fragments) {
    if (fragment.kind !== "chrome") continue;
    const draft = newDraft("chrome", fragment.meaning, fragment.line);
    drafts.push(draft);
    index(fragment.meaning.url, draft);
    if (fragment.meaning.redirectedFrom !== fragment.meaning.url) index(fragment.meaning.redirectedFrom, draft);
  }

  // Drafts so far come from CORS lines, in line order.
  const primaries = [...drafts];
  for (const fragment of fragments) {
    if (fragment.kind !== "chrome-request") continue;
    const sameUrl = nearest(byUrl.get(fragment.url) ?? [], fragment.line, SAME_URL_WINDOW, (d) => !d.hasRequest);
    const target =
      sameUrl ?? nearest(primaries, fragment.line, ADJACENT_WINDOW, (d) => !d.hasRequest && d.meaning.url === null);
    if (target) {
      attachRequest(target, fragment);
      continue;
    }
    const code = standaloneNetCode(fragment.netError);
    if (code === null) continue;
    const draft = newDraft("chrome", { ...emptyMeaning(), code, url: fragment.url }, fragment.line);
    attachRequest(draft, fragment);
    drafts.push(draft);
  }

  const withRequests = [...drafts].sort((a, b) => (a.lines[0] ?? 0) - (b.lines[0] ?? 0));
  for (const fragment of fragments) {
    if (fragment.kind !== "chrome-resource") continue;
    const target = nearest(withRequests, fragment.line, ADJACENT_WINDOW, (d) => !d.hasResource);
    if (target) {
      target.hasResource = true;
      target.lines.push(fragment.line);
      continue;
    }
    const code = standaloneNetCode(fragment.netError);
    if (code === null) continue;
    const draft = newDraft("chrome", { ...emptyMeaning(), code }, fragment.line);
    draft.hasResource = true;
    drafts.push(draft);
  }
  return drafts;
}

function attachRequest(draft: Draft, request: ChromeRequest & { readonly line: number }): void {
  draft.hasRequest = true;
  if (!draft.lines.includes(request.line)) draft.lines.push(request.line);
  draft.method = request.method;
  draft.meaning.url ??= request.url;
  if (request.status !== null) {
    draft.meaning.status = request.status;
    draft.statusText = request.statusText;
  }
}

/** A net error that is worth a result of its own (the N1 class): not the generic ERR_FAILED, not aborts. */
function standaloneNetCode(netError: string | null): Meaning["code"] {
  if (netError === null) return null;
  const kind = classifyNetError(netError);
  if (kind.kind === "network") return kind.code;
  if (kind.kind === "local-network-access") return "LOCAL_NETWORK_ACCESS";
  return null;
}

/**
 * The draft closest to `line` (by its first line) within `window` lines that `accept`s; on a tie the
 * earlier one (Chrome prints the CORS line before its companions). `sorted` is ordered by first line.
 */
function nearest(sorted: readonly Draft[], line: number, window: number, accept: (draft: Draft) => boolean) {
  const first = (draft: Draft) => draft.lines[0] ?? 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const draft = sorted[middle];
    if (draft !== undefined && first(draft) < line) low = middle + 1;
    else high = middle;
  }
  let best: Draft | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let index = low - 1; index >= 0; index--) {
    const draft = sorted[index];
    if (draft === undefined || line - first(draft) > window) break;
    if (accept(draft)) {
      best = draft;
      bestDistance = line - first(draft);
      break;
    }
  }
  for (let index = low; index < sorted.length; index++) {
    const draft = sorted[index];
    if (draft === undefined) break;
    const distance = first(draft) - line;
    if (distance > window || distance >= bestDistance) break;
    if (accept(draft)) return draft;
  }
  return best;
}

function mergeFirefox(fragments: readonly Fragment[]): Draft[] {
  const drafts: Draft[] = [];
  let last: Draft | null = null;
  for (const fragment of fragments) {
    if (fragment.kind === "firefox") {
      if (last && isFirefoxCompanion(fragment.meaning, fragment.line, last)) {
        last.lines.push(fragment.line);
        continue;
      }
      last = newDraft("firefox", fragment.meaning, fragment.line);
      drafts.push(last);
    } else if (fragment.kind === "learn-more") {
      const previous = last?.lines.at(-1);
      if (last && previous !== undefined && fragment.line - previous <= 2) last.lines.push(fragment.line);
    }
  }
  return drafts;
}

/**
 * Firefox ends a request that failed on its preflight or on a redirect with one more line for the
 * same URL, "CORS request did not succeed). Status code: (null)." (recorded from Firefox ESR 153:
 * test/fixtures/engines/firefox.json). It is the same failure, so it joins the line before it.
 */
function isFirefoxCompanion(meaning: Meaning, line: number, previous: Draft): boolean {
  return (
    meaning.firefoxKey === "CORSDidNotSucceed2" &&
    meaning.status === null &&
    meaning.url !== null &&
    previous.meaning.url === meaning.url &&
    line - (previous.lines.at(-1) ?? line) <= 2
  );
}

interface SafariGroup {
  lines: number[];
  description: { readonly key: string; readonly meaning: Meaning; readonly network: boolean } | null;
  descriptionLine: boolean;
  resourceLine: boolean;
  load: (SafariLoad & { readonly element: Meaning | null }) | null;
}

/**
 * Safari prints `{description}`, `Fetch API cannot load {url} due to access control checks.` and
 * `Failed to load resource: {description}` for one failure. A line joins the open group when its
 * slot is free and its description agrees; otherwise it opens a new group.
 */
function mergeSafari(fragments: readonly Fragment[]): Draft[] {
  const groups: SafariGroup[] = [];
  let open: SafariGroup | null = null;
  for (const fragment of fragments) {
    if (fragment.kind === "chrome" || fragment.kind === "firefox") {
      open = null;
      continue;
    }
    if (fragment.kind !== "safari") continue;
    const descriptionLine = fragment.description !== null && !fragment.resourceLine && fragment.load === null;
    const fits =
      open !== null &&
      !(fragment.resourceLine && open.resourceLine) &&
      !(descriptionLine && (open.descriptionLine || open.load !== null || open.resourceLine)) &&
      !(fragment.load && open.load) &&
      !(fragment.description && open.description && fragment.description.key !== open.description.key) &&
      fragment.line - (open.lines.at(-1) ?? 0) <= 4;
    if (!open || !fits) {
      open = { lines: [], description: null, descriptionLine: false, resourceLine: false, load: null };
      groups.push(open);
    }
    open.lines.push(fragment.line);
    open.description ??= fragment.description;
    open.descriptionLine ||= descriptionLine;
    open.resourceLine ||= fragment.resourceLine;
    open.load ??= fragment.load;
  }
  const drafts: Draft[] = [];
  for (const safariGroup of groups) {
    const draft = safariDraft(safariGroup);
    if (draft) drafts.push(draft);
  }
  return drafts;
}

function safariDraft(safariGroup: SafariGroup): Draft | null {
  const { description, load } = safariGroup;
  const accessControl = load !== null && (load.accessControl || load.element !== null);
  let meaning: Meaning;
  if (description && (!description.network || accessControl)) {
    meaning = { ...description.meaning };
  } else if (load?.element) {
    meaning = { ...load.element };
  } else if (accessControl) {
    // "due to access control checks." alone: a CORS failure, or a network failure (§1 N1).
    meaning = emptyMeaning();
  } else {
    return null;
  }
  if (load?.element && description && !description.network) {
    meaning = { ...withoutPreflight(meaning), initiator: load.element.initiator };
  }
  if (load) {
    const redirect = description?.key.startsWith("Cross-origin redirection to ") ?? false;
    if (redirect && load.url !== null && meaning.url !== null && load.url !== meaning.url) {
      meaning.redirectedFrom = load.url;
    } else {
      meaning.url ??= load.url;
    }
    meaning.initiator ??= load.initiator;
  }
  const draft = newDraft("safari", meaning, safariGroup.lines[0] ?? 0);
  draft.lines.splice(0, 1, ...safariGroup.lines);
  return draft;
}

function finish(draft: Draft, rawLines: readonly string[]): ParsedConsoleError {
  const m = draft.meaning;
  const lines = [...new Set(draft.lines)].sort((a, b) => a - b);
  return {
    browser: draft.browser,
    corsError: m.corsError,
    failedParameter: m.failedParameter,
    candidates: [...m.candidates],
    code: m.code,
    firefoxKey: m.firefoxKey,
    url: m.url,
    origin: m.origin,
    redirectedFrom: m.redirectedFrom,
    initiator: m.initiator,
    preflight: m.preflight,
    status: m.status,
    statusText: draft.statusText,
    method: draft.method,
    targetAddressSpace: m.targetAddressSpace,
    resourceAddressSpace: m.resourceAddressSpace,
    text: lines.map((line) => rawLines[line] ?? "").join("\n"),
  };
}
