/**
 * A security lint of the CORS policy the server showed, next to the fix: the misconfiguration
 * classes security scanners report (landscape.md §6.1) that one captured exchange can reveal.
 * The rest (prefix/suffix matches, unescaped dots, any subdomain) need probes: `cors-doctor audit`.
 */

import { getHeader, headerListHas } from "../engine/fetch/header-list.js";
import { parseUrl } from "../engine/fetch/origin.js";
import type { Diagnosis, Exchange, HeaderLine } from "../engine/types.js";

export const LINT_CODES = [
  "LINT_WILDCARD_WITH_CREDENTIALS",
  "LINT_NULL_ORIGIN_ALLOWED",
  "LINT_REFLECTED_ORIGIN_SUSPECTED",
  "LINT_INSECURE_ORIGIN_TRUSTED",
  "LINT_PRIVATE_NETWORK_HEADER",
  "LINT_HEADERS_WILDCARD",
  "LINT_PROBES_NEEDED",
] as const;

export type LintCode = (typeof LINT_CODES)[number];

/** As scanners rate them: high = exploitable with credentials, low = weak practice, info = a note. */
export type LintSeverity = "high" | "medium" | "low" | "info";

export interface LintFinding {
  readonly code: LintCode;
  readonly severity: LintSeverity;
  readonly evidence: readonly string[];
}

function line(headers: readonly HeaderLine[], name: string): string[] {
  const value = getHeader(headers, name);
  return value === null ? [] : [`${name}: ${value}`];
}

export function lintPolicy(exchange: Exchange, diagnosis: Diagnosis): LintFinding[] {
  const findings: LintFinding[] = [];
  const seen = new Set<LintCode>();
  const add = (code: LintCode, severity: LintSeverity, evidence: string[]) => {
    if (seen.has(code)) return;
    seen.add(code);
    findings.push({ code, severity, evidence });
  };
  const pageOrigin = exchange.initiatorOrigin?.value ?? diagnosis.questions.origin.value;

  for (const hop of exchange.hops) {
    const apiUrl = parseUrl(hop.request.url);
    for (const headers of [hop.preflight?.response.headers, hop.response.headers]) {
      if (!headers || headers.length === 0) continue;
      const acao = getHeader(headers, "Access-Control-Allow-Origin");
      const acac = getHeader(headers, "Access-Control-Allow-Credentials");
      if (acao === "*" && acac === "true") {
        add("LINT_WILDCARD_WITH_CREDENTIALS", "low", [
          ...line(headers, "Access-Control-Allow-Origin"),
          ...line(headers, "Access-Control-Allow-Credentials"),
        ]);
      }
      if (acao === "null") {
        add("LINT_NULL_ORIGIN_ALLOWED", acac === "true" ? "high" : "medium", [
          ...line(headers, "Access-Control-Allow-Origin"),
          ...line(headers, "Access-Control-Allow-Credentials"),
        ]);
      }
      const allowed = acao && acao !== "*" && acao !== "null" ? parseUrl(acao) : null;
      if (allowed && apiUrl?.protocol === "https:" && allowed.protocol === "http:") {
        add("LINT_INSECURE_ORIGIN_TRUSTED", acac === "true" ? "medium" : "low", [
          ...line(headers, "Access-Control-Allow-Origin"),
          `request URL: ${hop.request.url}`,
        ]);
      }
      if (getHeader(headers, "Access-Control-Allow-Private-Network") === "true") {
        add("LINT_PRIVATE_NETWORK_HEADER", "low", line(headers, "Access-Control-Allow-Private-Network"));
      }
      if (headerListHas(headers, "Access-Control-Allow-Headers", "*")) {
        add("LINT_HEADERS_WILDCARD", "info", line(headers, "Access-Control-Allow-Headers"));
      }
    }
  }
  if (diagnosis.findings.some((f) => f.code === "CREDENTIALED_REFLECTION_SUSPECTED")) {
    const evidence = diagnosis.findings.find((f) => f.code === "CREDENTIALED_REFLECTION_SUSPECTED")?.evidence ?? [];
    add(
      "LINT_REFLECTED_ORIGIN_SUSPECTED",
      "high",
      evidence.map((e) => `${e.name}: ${e.value}`),
    );
  }
  // A server that allows this origin may allow look-alikes too; only probes can tell.
  const allowsOrigin = exchange.hops.some((hop) =>
    [hop.preflight?.response.headers, hop.response.headers].some(
      (h) => h && pageOrigin && getHeader(h, "Access-Control-Allow-Origin") === pageOrigin,
    ),
  );
  if (allowsOrigin) add("LINT_PROBES_NEEDED", "info", []);
  return findings;
}
