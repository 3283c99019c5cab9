/**
 * `cors-doctor audit <url> --origin <trusted origin>`: sends the origins security scanners use to
 * that one URL (nothing else, nowhere else) and reports which ones the server accepts.
 */

import pc from "picocolors";
import type { HeaderLine } from "../engine/index.js";
import { AUDIT_TEXT } from "../explain/index.js";
import { terminalSafe } from "../explain/terminal-safe.js";
import { redactUrl } from "../redact/index.js";
import { type AuditFinding, auditFindings, auditProbes, observe } from "./audit.js";
import { send } from "./http-client.js";
import { parseHeaderOption, parseOriginOption, parseResolveOption, parseTargetUrl } from "./probe-command.js";
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

export async function runAudit(target: string, options: AuditOptions, out: (text: string) => void): Promise<number> {
  const trusted = parseOriginOption(options.origin);
  if (trusted === "null") throw new Error("--origin must be the origin you trust, not null");
  const url = parseTargetUrl(target);
  const extra = (options.header ?? []).map(parseHeaderOption);
  const resolve = parseResolveOption(options.resolve ?? []);
  const method = (options.method ?? "GET").toUpperCase();
  const observations = [];
  // One request per probe, one at a time: an audit must not load the server.
  for (const probe of auditProbes(trusted)) {
    const headers: HeaderLine[] = [
      { name: "Origin", value: probe.origin },
      { name: "Accept", value: "*/*" },
      { name: "User-Agent", value: `cors-doctor/${VERSION} (audit)` },
      ...extra,
    ];
    const result = await send({
      method,
      url,
      headers,
      timeoutMs: options.timeout ?? 10_000,
      resolve,
      insecure: options.insecure ?? false,
    });
    observations.push(observe(probe, result.status, result.headers, result.errorText));
  }
  // The URL as printed: its credentials and tokens redacted unless asked (src/redact).
  const shownUrl = options.includeSecrets ? url : redactUrl(url);
  const unreachable = observations.every((o) => o.errorText !== null);
  if (unreachable) throw new Error(`no answer from ${shownUrl}: ${observations[0]?.errorText ?? "unknown error"}`);
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
