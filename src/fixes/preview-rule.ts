/**
 * "Preview this fix": the proposed policy as one declarativeNetRequest session rule that rewrites
 * the API's responses in the inspected tab only, so the developer can try the fix before anyone
 * touches the server. Pure: the rule is plain JSON; src/platform/fix-preview.ts installs it.
 *
 * What the rule relies on (Chrome's and MDN's declarativeNetRequest reference):
 * - `condition.tabIds` is honoured for session rules only; `initiatorDomains` limits it to
 *   requests the page's own site makes; `regexFilter` is RE2 matched against the whole URL.
 * - A `modifyHeaders` response action runs on the preflight's answer as on the actual one, and
 *   `set` replaces every line of the header (so a duplicate Access-Control-Allow-Origin goes).
 * - `modifyHeaders` needs host permissions for the request URL *and* the initiator: both origins
 *   are requested (optional host permissions), and released when the preview ends.
 * - Headers only: the status code, a redirect and a network error cannot be changed, which is why
 *   those failures are not previewable (`previewBlock`).
 */

import { parseUrl } from "../engine/fetch/origin.js";
import type { Diagnosis, Exchange, HeaderLine } from "../engine/types.js";
import { neutralFix } from "./neutral.js";
import { allowsAnyOrigin, list, pathScopes, regexLiteral } from "./snippet.js";
import type { FixPlan } from "./types.js";

/** A preview lasts at most this long; it also ends on Stop, on leaving the site and with the panel. */
export const PREVIEW_MAX_MS = 5 * 60_000;

/** The one session rule id a preview uses (one preview at a time per panel). */
export const PREVIEW_RULE_ID_BASE = 7_150_000;

/** Why a failure cannot be previewed by rewriting headers; words in src/explain/preview-texts.ts. */
export type PreviewBlockCode =
  | "PREVIEW_PREFLIGHT_STATUS"
  | "PREVIEW_PREFLIGHT_REDIRECT"
  | "PREVIEW_NETWORK_ERROR"
  | "PREVIEW_NO_SERVER_CHANGE"
  | "PREVIEW_ORIGIN_UNKNOWN";

export interface PreviewBlock {
  readonly code: PreviewBlockCode;
  readonly args: Readonly<Record<string, string>>;
}

/** The subset of chrome.declarativeNetRequest.Rule a preview uses (kept free of chrome types). */
export interface PreviewHeaderAction {
  readonly header: string;
  readonly operation: "set" | "append" | "remove";
  readonly value?: string;
}

export interface PreviewRule {
  readonly id: number;
  readonly priority: number;
  readonly action: { readonly type: "modifyHeaders"; readonly responseHeaders: readonly PreviewHeaderAction[] };
  readonly condition: {
    readonly tabIds: readonly number[];
    readonly regexFilter: string;
    readonly initiatorDomains: readonly string[];
  };
}

export interface FixPreview {
  readonly rule: PreviewRule;
  /** The API's origin (`http://api.test:8080`): its responses are rewritten. */
  readonly apiOrigin: string;
  /** The page's origin: the only initiator whose requests are touched. */
  readonly pageOrigin: string;
  /** The API's host as the banner names it. */
  readonly apiHost: string;
  /** Host permission patterns the rule needs (the API and the page), requested on the click. */
  readonly hostPermissions: readonly string[];
}

const PREFLIGHT_ONLY = [
  "Access-Control-Allow-Methods",
  "Access-Control-Allow-Headers",
  "Access-Control-Max-Age",
] as const;

/**
 * Whether a header rewrite can show this request's fix: not when the preflight was answered with
 * a non-2xx status or a redirect, when the request or its preflight failed on the network, or
 * when no server change helps. Null when it can.
 */
export function previewBlock(exchange: Exchange, diagnosis: Diagnosis, plan: FixPlan | null): PreviewBlock | null {
  const hop = exchange.hops[diagnosis.hop] ?? exchange.hops[0];
  if (diagnosis.verdict === "network-error") return { code: "PREVIEW_NETWORK_ERROR", args: {} };
  const preflight = hop?.preflight?.response;
  if (preflight) {
    if (preflight.status === 0) return { code: "PREVIEW_NETWORK_ERROR", args: {} };
    if ((preflight.status >= 300 && preflight.status < 400) || preflight.redirectURL)
      return { code: "PREVIEW_PREFLIGHT_REDIRECT", args: { status: String(preflight.status) } };
    if (preflight.status < 200 || preflight.status > 299)
      return { code: "PREVIEW_PREFLIGHT_STATUS", args: { status: String(preflight.status) } };
  }
  if (!plan?.serverChangeHelps) return { code: "PREVIEW_NO_SERVER_CHANGE", args: {} };
  return null;
}

/**
 * The session rule that sets exactly the proposed policy's headers on the API's responses to the
 * page, in one tab. Access-Control-Allow-Origin is the page's own origin (or `*` where the policy
 * keeps `*`); headers the policy does not send (credentials when not proposed) are removed so a
 * conflicting line of the server cannot decide the outcome. `Access-Control-Max-Age: 0`: a
 * preflight passed under the preview must not stay in Chromium's preflight cache after it.
 */
export function fixPreviewRule({
  plan,
  pageOrigin,
  tabId,
  ruleId = PREVIEW_RULE_ID_BASE,
}: {
  plan: FixPlan;
  pageOrigin: string;
  tabId: number;
  ruleId?: number;
}): FixPreview | PreviewBlock {
  const page = parseUrl(pageOrigin);
  const api = parseUrl(plan.policy.apiOrigin);
  if (!page || !api || page.origin === "null") return { code: "PREVIEW_ORIGIN_UNKNOWN", args: {} };
  const neutral = neutralFix(plan);
  const policy = plan.policy;
  const origin = allowsAnyOrigin(policy.origins) ? "*" : page.origin;
  const set = (header: string, value: string): PreviewHeaderAction => ({ header, operation: "set", value });
  const remove = (header: string): PreviewHeaderAction => ({ header, operation: "remove" });
  const actions: PreviewHeaderAction[] = [set("Access-Control-Allow-Origin", origin)];
  actions.push(
    policy.credentials ? set("Access-Control-Allow-Credentials", "true") : remove("Access-Control-Allow-Credentials"),
  );
  // Allow-Methods and -Headers are read only on a preflight; sending them on the actual response
  // too changes nothing there, and one rule keeps the preview a single unit to add and remove.
  const preflightHeaders = new Map((neutral.preflight ?? []).map((h) => [h.name, h.value]));
  for (const name of PREFLIGHT_ONLY) {
    if (name === "Access-Control-Max-Age") actions.push(set(name, "0"));
    else if (name === "Access-Control-Allow-Methods") actions.push(set(name, list(policy.methods)));
    else {
      const value = preflightHeaders.get(name);
      actions.push(value ? set(name, value) : remove(name));
    }
  }
  if (policy.exposeHeaders.length > 0) actions.push(set("Access-Control-Expose-Headers", list(policy.exposeHeaders)));
  if (origin !== "*") actions.push({ header: "Vary", operation: "append", value: "Origin" });
  return {
    rule: {
      id: ruleId,
      priority: 1,
      action: { type: "modifyHeaders", responseHeaders: actions },
      condition: {
        tabIds: [tabId],
        regexFilter: urlRegex(api.origin, policy.paths),
        initiatorDomains: [page.hostname],
      },
    },
    apiOrigin: api.origin,
    pageOrigin: page.origin,
    apiHost: api.port ? `${api.hostname}:${api.port}` : api.hostname,
    hostPermissions: [...new Set([`${api.origin}/*`, `${page.origin}/*`].map(permissionPattern))],
  };
}

/** `^http://api\.test:8080/(?:v1|list)(?:[/?#]|$)`: the API's origin and the policy's path scope. */
export function urlRegex(apiOrigin: string, paths: readonly string[]): string {
  const scopes = pathScopes(paths);
  const scope =
    scopes === null
      ? "/"
      : `/${scopes.length === 1 ? regexLiteral((scopes[0] ?? "/").slice(1)) : `(?:${scopes.map((s) => regexLiteral(s.slice(1))).join("|")})`}(?:[/?#]|$)`;
  return `^${regexLiteral(apiOrigin)}${scope}`;
}

/** Match patterns have no port: `http://api.test:8080/*` is requested as `http://api.test/*`. */
function permissionPattern(originPattern: string): string {
  const url = parseUrl(originPattern.replace(/\*$/, ""));
  return url ? `${url.protocol}//${url.hostname}/*` : originPattern;
}

export function isPreviewBlock(value: FixPreview | PreviewBlock): value is PreviewBlock {
  return "code" in value;
}

/**
 * The exchange as the browser saw it under a preview. DevTools records the headers as the server
 * sent them, before declarativeNetRequest rewrote them (observed in Chromium 156: a preflight with
 * two ACAO lines stays so in getHAR() while the page's request passes), so a row captured under a
 * preview is diagnosed on the headers the rule produced: each hop, and its preflight, whose URL
 * the rule matches, from the page's origin.
 */
export function applyPreviewRule(rule: PreviewRule, pageOrigin: string, exchange: Exchange): Exchange {
  if (exchange.initiatorOrigin?.value !== pageOrigin) return exchange;
  const matches = new RegExp(rule.condition.regexFilter, "i");
  const rewrite = <R extends { readonly headers: readonly HeaderLine[] }>(response: R): R => ({
    ...response,
    headers: rewriteHeaders(response.headers, rule.action.responseHeaders),
  });
  let changed = false;
  const hops = exchange.hops.map((hop) => {
    if (!matches.test(hop.request.url)) return hop;
    changed = true;
    return {
      ...hop,
      response: rewrite(hop.response),
      preflight: hop.preflight ? { ...hop.preflight, response: rewrite(hop.preflight.response) } : null,
    };
  });
  return changed ? { ...exchange, hops } : exchange;
}

/** `set` replaces every line of the header, `remove` drops them, `append` adds one (DNR's semantics). */
export function rewriteHeaders(headers: readonly HeaderLine[], actions: readonly PreviewHeaderAction[]): HeaderLine[] {
  let result = [...headers];
  for (const action of actions) {
    const name = action.header.toLowerCase();
    if (action.operation === "append") {
      result.push({ name: action.header, value: action.value ?? "" });
      continue;
    }
    result = result.filter((h) => h.name.toLowerCase() !== name);
    if (action.operation === "set") result.push({ name: action.header, value: action.value ?? "" });
  }
  return result;
}
