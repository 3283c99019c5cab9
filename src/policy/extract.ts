/**
 * The contract a capture shows: every cross-origin request the app tried (allowed, blocked or
 * undecided alike: what it tried is what it needs) becomes a rule to allow, and per server the
 * origins scanners try become rules to block. Header names only, never values; paths without query.
 */

import { getHeaderListItems } from "../engine/fetch/header-list.js";
import {
  byteLowercase,
  corsUnsafeRequestHeaderNames,
  type Diagnosis,
  type Exchange,
  getHeader,
  parseUrl,
  scriptSettableHeaders,
} from "../engine/index.js";
import {
  type AllowRule,
  type BlockClass,
  type BlockRule,
  POLICY_SCHEMA_URL,
  POLICY_VERSION,
  type PolicyCapture,
  type PolicyFile,
  type ServerPolicy,
} from "./types.js";

export interface DiagnosedForPolicy {
  readonly exchange: Exchange;
  readonly diagnosis: Diagnosis;
}

/** The origins that must stay blocked for a trusted page origin (the audit's scanner origins). */
export type ForbiddenOrigins = (trusted: string) => ReadonlyArray<{ readonly origin: string; readonly class: string }>;

interface ServerAccumulator {
  readonly server: string;
  readonly allow: AllowRule[];
  readonly keys: Set<string>;
  answeredWildcard: boolean;
}

/** `forbidden` is injected: the scanners' origins are the CLI audit's list (src/cli/audit.ts). */
export function extractPolicy(
  items: Iterable<DiagnosedForPolicy>,
  capture: PolicyCapture,
  generatedBy: string,
  forbidden: ForbiddenOrigins,
): PolicyFile {
  const servers = new Map<string, ServerAccumulator>();
  for (const { exchange, diagnosis } of items) {
    if (diagnosis.verdict !== "allowed" && diagnosis.verdict !== "blocked" && diagnosis.verdict !== "unknown") continue;
    const rule = allowRuleOf(exchange, diagnosis);
    const server = parseUrl(exchange.hops[0]?.request.url ?? "")?.origin;
    if (!rule || !server) continue;
    let acc = servers.get(server);
    if (!acc) {
      acc = { server, allow: [], keys: new Set(), answeredWildcard: false };
      servers.set(server, acc);
    }
    const key = JSON.stringify(rule);
    if (!acc.keys.has(key)) {
      acc.keys.add(key);
      acc.allow.push(rule);
    }
    const decided = exchange.hops[diagnosis.hop];
    if (
      diagnosis.verdict === "allowed" &&
      decided &&
      getHeader(decided.response.headers, "Access-Control-Allow-Origin") === "*"
    )
      acc.answeredWildcard = true;
  }
  return {
    $schema: POLICY_SCHEMA_URL,
    version: POLICY_VERSION,
    generatedBy,
    capture,
    servers: [...servers.values()].map((acc) => finishServer(acc, forbidden)),
  };
}

/** The rule for one exchange, or null when it is not a cross-origin request from a known page. */
export function allowRuleOf(exchange: Exchange, diagnosis: Diagnosis): AllowRule | null {
  const hop = exchange.hops[0];
  const url = hop ? parseUrl(hop.request.url) : null;
  const origin = exchange.initiatorOrigin?.value ?? diagnosis.questions.origin.value;
  if (!hop || !url || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  if (!origin || origin === "null" || origin === url.origin || !parseUrl(origin)) return null;
  return {
    origin,
    method: hop.request.method,
    path: url.pathname,
    headers: unsafeHeaderNames(hop),
    credentials: diagnosis.questions.credentials.mode === "include",
  };
}

/** What made the request need a preflight: the recorded preflight's list, else the safelist's verdict. */
function unsafeHeaderNames(hop: Exchange["hops"][number]): string[] {
  const preflightHeaders = hop.preflight?.request.headers;
  const announced =
    preflightHeaders && getHeader(preflightHeaders, "Access-Control-Request-Headers") !== null
      ? getHeaderListItems(preflightHeaders, "Access-Control-Request-Headers")
      : corsUnsafeRequestHeaderNames(scriptSettableHeaders(hop.request.headers)).names;
  const names = new Set<string>();
  for (const name of announced) {
    const lower = byteLowercase(name.trim());
    // Access-Control-* request headers are a page bug, never part of a contract.
    if (/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower) && !lower.startsWith("access-control-")) names.add(lower);
  }
  return [...names].sort();
}

function finishServer(acc: ServerAccumulator, forbidden: ForbiddenOrigins): ServerPolicy {
  const credentialed = acc.allow.some((rule) => rule.credentials);
  // A public API that works with `*` today: any origin may read it by design.
  const anyOrigin = acc.answeredWildcard && !credentialed;
  return { server: acc.server, anyOrigin, allow: acc.allow, block: anyOrigin ? [] : blockRules(acc, forbidden) };
}

/**
 * One rule per forbidden origin, each sent as the app's most sensitive request (a credentialed
 * one when there is one): that is what an attacker's page would try to read.
 */
function blockRules(acc: ServerAccumulator, forbidden: ForbiddenOrigins): BlockRule[] {
  const probe = acc.allow.find((rule) => rule.credentials) ?? acc.allow[0];
  if (!probe) return [];
  const trusted = new Set(acc.allow.map((rule) => rule.origin));
  const seen = new Set<string>();
  const rules: BlockRule[] = [];
  for (const origin of trusted) {
    for (const candidate of forbidden(origin)) {
      if (trusted.has(candidate.origin) || seen.has(candidate.origin)) continue;
      seen.add(candidate.origin);
      rules.push({ ...probe, origin: candidate.origin, class: candidate.class as BlockClass });
    }
  }
  return rules;
}
