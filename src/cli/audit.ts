/**
 * The origins security scanners send (CORScanner, Corsy, nuclei's cors-misconfig, Burp; landscape
 * §6.1), derived from the trusted origin. Pure: the CLI sends them and classifies the answers here.
 */

import { getHeader, getHeaderValues, type HeaderLine, parseUrl } from "../engine/index.js";
import { BLOCK_CLASSES } from "../policy/types.js";

/** The origins the audit sends: the page's own (the baseline), then what must stay blocked. */
export const AUDIT_CLASSES = ["baseline", ...BLOCK_CLASSES] as const;

export type AuditClass = (typeof AUDIT_CLASSES)[number];

export interface AuditProbe {
  readonly class: AuditClass;
  readonly origin: string;
}

/** Characters scanners put between the host and ".evil" to catch broken parsers (CORScanner, nuclei). */
const SPECIAL_CHARACTERS = [
  "_",
  "-",
  "~",
  "!",
  "$",
  "&",
  "'",
  "(",
  ")",
  "*",
  "+",
  ",",
  ";",
  "=",
  "`",
  "%60",
  "{",
  "}",
  "^",
  "|",
];

const ATTACKER = "cors-doctor-audit.example";

/** Every probe origin for `trusted` (which must be a serialized http(s) origin). */
export function auditProbes(trusted: string): AuditProbe[] {
  const url = parseUrl(trusted);
  if (!url) return [];
  const scheme = url.protocol.replace(/:$/, "");
  const port = url.port ? `:${url.port}` : "";
  const host = url.hostname;
  const labels = host.split(".");
  const registrable = labels.length >= 2 ? labels.slice(-2).join(".") : host;
  const probes: AuditProbe[] = [
    { class: "baseline", origin: trusted },
    { class: "arbitrary-origin", origin: `${scheme}://${ATTACKER}` },
    { class: "null-origin", origin: "null" },
    { class: "prefix-match", origin: `${scheme}://${host}.${ATTACKER}${port}` },
    { class: "suffix-match", origin: `${scheme}://evil${host}${port}` },
    { class: "suffix-match", origin: `${scheme}://evil-${registrable}${port}` },
    { class: "substring-match", origin: `${scheme}://${host.slice(0, -1)}${port}` },
  ];
  // An unescaped dot in a regex matches any character: replace each dot with a letter.
  labels.slice(0, -1).forEach((_, i) => {
    const lookalike = `${labels.slice(0, i + 1).join(".")}x${labels.slice(i + 1).join(".")}`;
    probes.push({ class: "unescaped-dot", origin: `${scheme}://${lookalike}${port}` });
  });
  for (const character of SPECIAL_CHARACTERS) {
    probes.push({ class: "special-character", origin: `${scheme}://${host}${character}.${ATTACKER}${port}` });
  }
  if (scheme === "https") probes.push({ class: "http-trusted", origin: `http://${host}${port}` });
  probes.push({ class: "any-subdomain", origin: `${scheme}://cors-doctor-audit.${host}${port}` });
  probes.push({ class: "third-party", origin: "https://cors-doctor-audit.github.io" });
  probes.push({ class: "third-party", origin: "https://codepen.io" });
  return probes;
}

export type AuditSeverity = "high" | "medium" | "low" | "info";

export interface AuditObservation {
  readonly probe: AuditProbe;
  readonly status: number;
  readonly allowOrigin: string | null;
  readonly allowCredentials: string | null;
  readonly vary: string | null;
  readonly errorText: string | null;
  /** The server accepted this origin (echoed it, or allowed every origin). */
  readonly accepted: boolean;
}

export interface AuditFinding {
  readonly class: AuditClass | "wildcard" | "vary-missing" | "trusted-not-allowed";
  readonly severity: AuditSeverity;
  readonly origins: readonly string[];
  readonly evidence: readonly string[];
}

export function observe(
  probe: AuditProbe,
  status: number,
  headers: readonly HeaderLine[],
  errorText: string | null,
): AuditObservation {
  const allowOrigin = getHeader(headers, "Access-Control-Allow-Origin");
  const allowCredentials = getHeader(headers, "Access-Control-Allow-Credentials");
  return {
    probe,
    status,
    allowOrigin,
    allowCredentials,
    vary: getHeaderValues(headers, "Vary").join(", ") || null,
    errorText,
    accepted: allowOrigin !== null && (allowOrigin === probe.origin || allowOrigin === "*"),
  };
}

/** Severity by class, raised when credentials are allowed (as Corsy, CORScanner and Burp rate them). */
const SEVERITY: Readonly<
  Record<Exclude<AuditClass, "baseline">, [withCredentials: AuditSeverity, without: AuditSeverity]>
> = {
  "arbitrary-origin": ["high", "medium"],
  "null-origin": ["high", "medium"],
  "prefix-match": ["high", "medium"],
  "suffix-match": ["high", "medium"],
  "substring-match": ["high", "medium"],
  "unescaped-dot": ["high", "medium"],
  "special-character": ["high", "medium"],
  "http-trusted": ["medium", "low"],
  "any-subdomain": ["medium", "low"],
  "third-party": ["high", "medium"],
};

/** The severity of a scanner origin the server accepted (also `check`'s, for a block rule let through). */
export function auditSeverity(cls: Exclude<AuditClass, "baseline">, credentialed: boolean): AuditSeverity {
  const [withCredentials, without] = SEVERITY[cls];
  return credentialed ? withCredentials : without;
}

export function auditFindings(observations: readonly AuditObservation[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const baseline = observations.find((o) => o.probe.class === "baseline");
  if (baseline && !baseline.accepted && baseline.errorText === null) {
    findings.push({
      class: "trusted-not-allowed",
      severity: "info",
      origins: [baseline.probe.origin],
      evidence: [`Access-Control-Allow-Origin: ${baseline.allowOrigin ?? "(absent)"}`],
    });
  }
  const wildcard = observations.filter((o) => o.allowOrigin === "*");
  if (wildcard.length > 0) {
    findings.push({
      class: "wildcard",
      severity: "info",
      origins: [],
      evidence: [
        "Access-Control-Allow-Origin: *",
        ...(wildcard.some((o) => o.allowCredentials === "true") ? ["Access-Control-Allow-Credentials: true"] : []),
      ],
    });
  }
  const byClass = new Map<AuditClass, AuditObservation[]>();
  for (const o of observations) {
    if (o.probe.class === "baseline" || !o.accepted || o.allowOrigin === "*") continue;
    byClass.set(o.probe.class, [...(byClass.get(o.probe.class) ?? []), o]);
  }
  for (const [cls, list] of byClass) {
    const credentialed = list.some((o) => o.allowCredentials === "true");
    findings.push({
      class: cls,
      severity: auditSeverity(cls as Exclude<AuditClass, "baseline">, credentialed),
      origins: list.map((o) => o.probe.origin),
      evidence: list.flatMap((o) => [
        `Origin: ${o.probe.origin}`,
        `  Access-Control-Allow-Origin: ${o.allowOrigin}`,
        ...(o.allowCredentials ? [`  Access-Control-Allow-Credentials: ${o.allowCredentials}`] : []),
      ]),
    });
  }
  // A response that names the requester must say it varies by Origin, or caches mix them up.
  const dynamic = observations.filter(
    (o) => o.allowOrigin !== null && o.allowOrigin !== "*" && o.allowOrigin === o.probe.origin,
  );
  if (dynamic.length > 0 && dynamic.some((o) => !/\borigin\b/i.test(o.vary ?? ""))) {
    findings.push({
      class: "vary-missing",
      severity: "low",
      origins: [],
      evidence: [`Vary: ${dynamic[0]?.vary ?? "(absent)"}`],
    });
  }
  const order: Readonly<Record<AuditSeverity, number>> = { high: 0, medium: 1, low: 2, info: 3 };
  return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}
