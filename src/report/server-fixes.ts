/**
 * The fixes of a report, one per server origin: the merged policy of every exchange to it
 * (mergeServerPolicies through serverFixes), in the shape `har --fix --json` prints as `fixes`.
 * Computed from redacted copies unless secrets are asked for, like everything else in a report.
 */

import { diagnose } from "../engine/index.js";
import {
  explainLayerWhy,
  LAYER_LABEL,
  neutralHeaderText,
  serverFixWhy,
  serverSummaryText,
  TARGETED_TEXT,
} from "../explain/index.js";
import { type DiagnosedExchange, type ServerFix, STACK_GENERATORS, serverFixes } from "../fixes/index.js";
import { redactCaptured } from "../redact/index.js";
import type { DiagnosedCapture, ReportOptions } from "./model.js";

/** The per-server fixes as JSON: `har --fix --json`'s `fixes` and the report's. */
export function serverFixesJson(fixes: readonly ServerFix[]) {
  return fixes.map((fix) => ({
    server: fix.server,
    /** One sentence: "api.example: 3 blocked requests of 4, one change covers all 4". */
    summary: serverSummaryText(fix),
    stack: fix.stack,
    label: fix.stack ? STACK_GENERATORS[fix.stack].label : null,
    detected: fix.detected,
    verified: fix.verified,
    layer: fix.layer?.layer ?? "server",
    layerLabel: fix.layer ? LAYER_LABEL[fix.layer.layer] : null,
    component: fix.layer?.component ?? null,
    layerEvidence: fix.layer?.evidence ?? [],
    policy: fix.policy
      ? {
          origins: fix.policy.origins,
          methods: fix.policy.methods,
          headers: fix.policy.headers,
          credentials: fix.policy.credentials,
          exposeHeaders: fix.policy.exposeHeaders,
          maxAge: fix.policy.maxAge,
        }
      : null,
    snippet: fix.snippet?.snippet ?? null,
    why: fix.layer ? explainLayerWhy(fix.layer.why) : serverFixWhy(fix),
    covers: fix.requests.map((r) => `${r.method} ${r.url}`),
    where: fix.snippet?.where ?? null,
    traps: fix.snippet?.traps ?? [],
    headers: fix.neutral,
    /** The stack-neutral headers as lines (`Name: value`), for reading. */
    headerLines: fix.neutral
      ? {
          preflight: fix.neutral.preflight?.map(neutralHeaderText) ?? null,
          actual: fix.neutral.actual.map(neutralHeaderText),
        }
      : null,
    targeted: fix.targeted.map((c) => ({
      ...c,
      title: TARGETED_TEXT[c.code].title,
      text: TARGETED_TEXT[c.code].explain({ value: c.value ?? "" }),
    })),
  }));
}

export type ReportServerFix = ReturnType<typeof serverFixesJson>[number];

/** The servers worth a section: a merged change, or small additions. */
export function fixesWorthShowing(fixes: readonly ServerFix[]): ServerFix[] {
  return fixes.filter((fix) => fix.plan !== null || fix.targeted.length > 0);
}

/**
 * The report's per-server fixes from every diagnosed exchange. Each exchange is redacted and
 * diagnosed again from the redacted copy (unless secrets are asked for), so no snippet, URL or
 * sentence can carry a secret.
 */
export function reportServerFixes(items: Iterable<DiagnosedCapture>, options: ReportOptions): ReportServerFix[] {
  const diagnosed: DiagnosedExchange[] = [];
  for (const item of items) {
    if (item.diagnosis.verdict !== "allowed" && item.diagnosis.verdict !== "blocked") continue;
    const captured = redactCaptured(item.captured, { includeSecrets: options.includeSecrets });
    const diagnosis = options.includeSecrets ? item.diagnosis : diagnose(captured.exchange);
    diagnosed.push({ exchange: captured.exchange, diagnosis });
  }
  return reportFixesOf(serverFixes(diagnosed, options.stack));
}

/**
 * The report's per-server fixes from serverFixes' result (or a ServerFixAccumulator's, fed the
 * redacted exchanges one at a time when the report is written as a stream).
 */
export function reportFixesOf(fixes: readonly ServerFix[]): ReportServerFix[] {
  return serverFixesJson(fixesWorthShowing(fixes));
}
