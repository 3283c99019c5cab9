/** Fix output for the CLI: the change for one stack, the page-side changes, and the security lint. */

import pc from "picocolors";
import {
  LAYER_LABEL,
  NEUTRAL_ACTUAL_HEADING,
  NEUTRAL_PREFLIGHT_HEADING,
  neutralHeaderText,
  serverFixWhy,
  serverSummaryText,
  TARGETED_TEXT,
  verificationLabel,
} from "../explain/index.js";
import { terminalSafe as t, terminalSafeLines } from "../explain/terminal-safe.js";
import {
  type DiagnosedExchange,
  type NeutralFix,
  STACK_GENERATORS,
  type StackFix,
  type StackId,
  serverFixes,
} from "../fixes/index.js";
import { type FixSummary, type LayerSummary, layerSummary } from "../report/fix-summary.js";

// The fix as data lives in src/report (the library's generateFix returns it); rendering stays here.
export { type FixSummary, fixFor, type LayerSummary, layerSummary } from "../report/fix-summary.js";

export function renderFix(summary: FixSummary): string {
  const lines: string[] = [];
  for (const change of summary.clientChanges)
    lines.push(`         ${pc.cyan("page")} ${pc.bold(t(change.title))}: ${t(change.text)}`);
  lines.push(...renderLayer(summary.layer, INDENT));
  if (summary.neutral && !summary.fix) lines.push(...renderNeutral(summary.neutral));
  const fix = summary.fix;
  if (fix) {
    const verified = verifiedBadge(fix.verified);
    lines.push(
      `         ${pc.cyan("fix")} ${pc.bold(t(fix.label))}${summary.detected ? " (detected)" : ""}, ${verified}`,
    );
    lines.push(`         ${t(fix.where)}`);
    for (const line of fix.snippet.split("\n")) lines.push(`           ${terminalSafeLines(line)}`);
    for (const trap of fix.traps) lines.push(pc.dim(`         trap: ${t(trap)}`));
  }
  for (const item of summary.lint) lines.push(`         ${pc.yellow(`lint ${item.severity}`)} ${t(item.title)}`);
  return lines.join("\n");
}

const INDENT = "         ";

/** The verification in the explain layer's words, coloured for a terminal. */
function verifiedBadge(verified: StackFix["verified"]): string {
  const colour = verified === true ? pc.green : verified === "emulator" ? pc.yellow : pc.dim;
  return colour(verificationLabel(verified));
}

/** The layer the fix is aimed at, why, and the recorded lines that tell. */
function renderLayer(layer: LayerSummary | null, indent: string): string[] {
  if (!layer) return [];
  const where = layer.component ? `${LAYER_LABEL[layer.layer]} (${layer.component})` : LAYER_LABEL[layer.layer];
  // "layer unknown layer: …" stutters; the sentence says it does not know.
  const named = layer.layer === "unknown" && !layer.component ? "" : `${pc.bold(t(where))}: `;
  return [
    `${indent}${pc.cyan("layer")} ${named}${t(layer.why.text)}`,
    ...layer.evidence.map((line) => pc.dim(`${indent}  ${t(line)}`)),
  ];
}

/** The stack-neutral headers, and how to get a snippet. */
function renderNeutral(neutral: NeutralFix): string[] {
  const lines = [
    `${INDENT}${pc.cyan("fix")} ${pc.bold("server stack not recognised")}: send these response headers, then pick your stack with --fix <stack> (cors-doctor stacks lists them)`,
  ];
  if (neutral.preflight) {
    lines.push(`${INDENT}  ${NEUTRAL_PREFLIGHT_HEADING}`);
    for (const header of neutral.preflight) lines.push(`${INDENT}    ${t(neutralHeaderText(header))}`);
  }
  lines.push(`${INDENT}  ${NEUTRAL_ACTUAL_HEADING}`);
  for (const header of neutral.actual) lines.push(`${INDENT}    ${t(neutralHeaderText(header))}`);
  return lines;
}

export { serverFixesJson } from "../report/server-fixes.js";

/** One fix per server origin: what `har --fix` prints after the requests. */
export function renderServerFixes(items: readonly DiagnosedExchange[], stack: StackId | "auto"): string {
  const fixes = serverFixes(items, stack).filter((fix) => fix.plan || fix.targeted.length > 0);
  if (fixes.length === 0) return "";
  const lines = ["", pc.bold(`Fixes, one per server (${fixes.length}):`)];
  for (const fix of fixes) {
    lines.push("", `  ${pc.bold(t(serverSummaryText(fix)))}`);
    lines.push(
      `     covers ${fix.requests.length} ${fix.requests.length === 1 ? "request" : "requests"}: ${t(fix.requests.map((r) => `${r.method} ${r.url}`).join(", "))}`,
    );
    for (const change of fix.targeted)
      lines.push(
        `     ${pc.cyan("add")} ${pc.bold(TARGETED_TEXT[change.code].title)}: ${t(TARGETED_TEXT[change.code].explain({ value: change.value ?? "" }))}`,
      );
    if (!fix.plan) continue;
    if (fix.layer) lines.push(...renderLayer(layerSummary(fix.layer), "     "));
    else lines.push(`     ${t(serverFixWhy(fix))}`);
    if (!fix.snippet || !fix.stack) {
      // The per-request indent (9) becomes the per-server one (5); the headers keep their nesting.
      if (fix.neutral) lines.push(...renderNeutral(fix.neutral).map((l) => l.replace(INDENT, "     ")));
      continue;
    }
    const verified = verifiedBadge(fix.verified);
    lines.push(
      `     ${pc.cyan("fix")} ${pc.bold(t(STACK_GENERATORS[fix.stack].label))}${fix.detected ? " (detected)" : ""}, ${verified}`,
    );
    lines.push(`     ${t(fix.snippet.where)}`);
    for (const line of fix.snippet.snippet.split("\n")) lines.push(`       ${terminalSafeLines(line)}`);
    for (const trap of fix.snippet.traps) lines.push(pc.dim(`     trap: ${t(trap)}`));
  }
  return lines.join("\n");
}
