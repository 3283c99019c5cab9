/**
 * `cors-doctor audit <url> --origin <trusted origin>`: sends the origins security scanners use to
 * that one URL (nothing else, nowhere else) and reports which ones the server accepts.
 */

import pc from "picocolors";
import type { HeaderLine } from "../engine/index.js";
import { AUDIT_TEXT } from "../explain/index.js";
import { terminalSafe } from "../explain/terminal-safe.js";
import { redactUrl } from "../redact/index.js";
import { type AuditFinding, type AuditObservation, auditFindings, auditProbes, observe } from "./audit.js";
import { send } from "./http-client.js";
import {
  DEFAULT_TIMEOUT_MS,
  parseHeaderOption,
  parseOriginOption,
  parseResolveOption,
  parseTargetUrl,
} from "./probe-command.js";
import { VERSION } from "./version.js";

export interface AuditOptions {
  readonly origin: string;
  readonly method?: string;
  readonly header?: readonly string[];
  readonly json?: boolean;
  readonly resolve?: readonly string[];
  readonly timeout?: number;
  readonly insecure?: boolean;
  readonly includeSecrets?: boolean;
}

const TIMED_OUT = "net::ERR_TIMED_OUT";
const MAX_TIMEOUTS_IN_A_ROW = 2;

export async function runAudit(target: string, options: AuditOptions, out: (text: string) => void): Promise<number> {
  const trusted = parseOriginOption(options.origin);
  if (trusted === "null") throw new Error("--origin must be the origin you trust, not null");
  const url = parseTargetUrl(target);
  const extra = (options.header ?? []).map(parseHeaderOption);
  const resolve = parseResolveOption(options.resolve ?? []);
  const method = (options.method ?? "GET").toUpperCase();
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  // The URL as printed: its credentials and tokens redacted unless asked (src/redact).
  const shownUrl = options.includeSecrets ? url : redactUrl(url);
  const observations: AuditObservation[] = [];
  let timedOutInARow = 0;
  // One request per probe, one at a time: an audit must not load the server.
  const probes = auditProbes(trusted);
  for (const probe of probes) {
    const headers: HeaderLine[] = [
      { name: "Origin", value: probe.origin },
      { name: "Accept", value: "*/*" },
      { name: "User-Agent", value: `cors-doctor/${VERSION} (audit)` },
      ...extra,
    ];
    const result = await send({ method, url, headers, timeoutMs, resolve, insecure: options.insecure ?? false });
    // The first probe sends the trusted origin: a server that does not answer it will not answer
    // the other 30-odd either, so the audit ends here instead of waiting out every deadline.
    if (observations.length === 0 && result.errorText !== null)
      throw new Error(`no answer from ${shownUrl}: ${result.errorText}`);
    observations.push(observe(probe, result.status, result.headers, result.errorText));
    // A server that stops answering midway: give up rather than wait out the remaining deadlines.
    timedOutInARow = result.errorText === TIMED_OUT ? timedOutInARow + 1 : 0;
    if (timedOutInARow === MAX_TIMEOUTS_IN_A_ROW)
      throw new Error(
        `${shownUrl} stopped answering: ${MAX_TIMEOUTS_IN_A_ROW} probes in a row timed out after ${timeoutMs} ms (${observations.length} of ${probes.length} sent)`,
      );
  }
  const findings = auditFindings(observations);
  const problems = findings.filter((f) => f.severity !== "info");
  if (options.json) {
    out(
      JSON.stringify(
        {
          url: shownUrl,
          trustedOrigin: trusted,
          probes: observations.map((o) => ({
            class: o.probe.class,
            origin: o.probe.origin,
            status: o.status,
            accepted: o.accepted,
            allowOrigin: o.allowOrigin,
            allowCredentials: o.allowCredentials,
            errorText: o.errorText,
          })),
          findings: findings.map((f) => ({
            ...f,
            title: AUDIT_TEXT[f.class].title,
            explanation: AUDIT_TEXT[f.class].explain,
          })),
        },
        null,
        2,
      ),
    );
  } else {
    out(`Audited ${terminalSafe(shownUrl)} with ${observations.length} origins (trusted: ${terminalSafe(trusted)}).`);
    for (const finding of findings) out(renderFinding(finding));
    out(
      problems.length === 0
        ? pc.green("No misconfiguration found.")
        : `${problems.length} ${problems.length === 1 ? "problem" : "problems"} found.`,
    );
  }
  return problems.length > 0 ? 1 : 0;
}

const SEVERITY_COLOR = { high: pc.red, medium: pc.yellow, low: pc.cyan, info: pc.dim } as const;

function renderFinding(finding: AuditFinding): string {
  const text = AUDIT_TEXT[finding.class];
  const lines = [
    `${SEVERITY_COLOR[finding.severity](finding.severity.toUpperCase().padEnd(6))} ${pc.bold(text.title)}`,
    `       ${text.explain}`,
  ];
  for (const line of finding.evidence.slice(0, 9)) lines.push(pc.dim(`         ${terminalSafe(line)}`));
  return lines.join("\n");
}
