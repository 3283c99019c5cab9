/**
 * A shareable report: everything a developer hands to whoever owns the server. Built once, then
 * rendered as Markdown, HTML or JSON. Secrets are redacted by default; request and response bodies
 * are left out unless asked for (they carry passwords and personal data).
 */

import type { CapturedExchange } from "../capture/index.js";
import { actualSpec, preflightSpec, toCurl } from "../curl/index.js";
import {
  answerInBrowsers,
  type Browser,
  type Diagnosis,
  diagnose,
  type HeaderLine,
  type Hop,
} from "../engine/index.js";
import { otherBrowsersLine } from "../explain/browser-texts.js";
import {
  answerQuestions,
  CLIENT_CHANGE_TEXT,
  explainDiagnosis,
  headline,
  LINT_TEXT,
  neutralHeaderText,
  TARGETED_TEXT,
} from "../explain/index.js";
import {
  aimPlan,
  detectStacks,
  generateFix,
  lintPolicy,
  neutralFix,
  planFix,
  STACK_IDS,
  type StackId,
  targetedFix,
  type Verification,
} from "../fixes/index.js";
import { redactCaptured } from "../redact/index.js";
import { type BrowserJson, browserJson } from "./browsers-json.js";
import { type ReportServerFix, reportServerFixes } from "./server-fixes.js";
import { summarizeExchange } from "./summary.js";

/** Bumped when a field changes meaning or disappears (adding fields is not a change). */
export const REPORT_SCHEMA_VERSION = 1;

export interface ReportEnvironment {
  /** e.g. "Chrome/156.0.8078.79", or the HAR creator ("WebInspector 537.36", "Firefox 140.0"). */
  readonly browser: string | null;
  /** e.g. "CORS Doctor 0.1.0 (extension)" or "cors-doctor 0.1.0 (CLI)". */
  readonly tool: string;
  /** How the data was captured: "DevTools panel", "DevTools panel, precise mode", "HAR file capture.har". */
  readonly captureMode: string;
  readonly generatedAt: string;
}

export interface ReportOptions {
  /** Include cookies, Authorization, API keys and URL credentials as captured. */
  readonly includeSecrets: boolean;
  /** Include request/response bodies when `bodies` can provide them (never from the panel). */
  readonly includeBodies: boolean;
  /** The stack for the suggested fix; "auto" picks the detected one (none when nothing tells: the headers lead). */
  readonly stack: StackId | "auto";
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { includeSecrets: false, includeBodies: false, stack: "auto" };

export interface ReportHeaders {
  readonly title: string;
  readonly status: number | null;
  readonly request: readonly HeaderLine[];
  readonly response: readonly HeaderLine[];
}

export interface ReportExchange {
  readonly summary: ReturnType<typeof summarizeExchange>;
  readonly headline: string;
  /** "blocked in Safari: …; allowed in Chrome and Firefox" when the browsers' verdicts differ, else null. */
  readonly otherBrowsers: string | null;
  /**
   * What Chrome, Firefox and Safari each decide, in their own words, when they differ (null when
   * every browser decides alike, so a large report stays the size it was).
   */
  readonly browsers: Readonly<Record<Browser, BrowserJson>> | null;
  readonly findings: ReadonlyArray<{
    code: string;
    severity: string;
    title: string;
    text: string;
    spec: string;
    evidence: readonly string[];
  }>;
  readonly questions: ReadonlyArray<{
    question: string;
    answer: string;
    ok: boolean | null;
    evidence: readonly string[];
  }>;
  /** The preflight (when one was captured) and the actual request of each hop. */
  readonly headers: readonly ReportHeaders[];
  readonly fix: {
    readonly stack: StackId;
    readonly label: string;
    readonly detected: boolean;
    readonly verified: Verification;
    readonly where: string;
    readonly snippet: string;
    readonly traps: readonly string[];
  } | null;
  /** The exact headers to send, stack-neutral: what leads when no stack was recognised. */
  readonly headersToSend: {
    readonly preflight: readonly string[] | null;
    readonly actual: readonly string[];
  } | null;
  /** For a passing request with warnings: small additions, never a rewrite of what works. */
  readonly targeted: ReadonlyArray<{ title: string; text: string }>;
  readonly clientChanges: ReadonlyArray<{ title: string; text: string }>;
  readonly lint: ReadonlyArray<{
    code: string;
    severity: string;
    title: string;
    text: string;
    evidence: readonly string[];
  }>;
  readonly curl: { readonly preflight: string | null; readonly actual: string };
  readonly bodies: { readonly request: string | null; readonly response: string | null } | null;
}

export interface Report {
  readonly schemaVersion: number;
  readonly environment: ReportEnvironment;
  readonly redacted: boolean;
  readonly bodiesIncluded: boolean;
  /**
   * One fix per server origin, merged from every exchange to it (the shape of `har --fix --json`'s
   * `fixes`). What to paste: the per-exchange `fix` is that request's alone, kept for schema 1.
   */
  readonly fixes: readonly ReportServerFix[];
  readonly exchanges: readonly ReportExchange[];
}

export interface DiagnosedCapture {
  readonly captured: CapturedExchange;
  readonly diagnosis: Diagnosis;
}

/** Bodies by exchange id, when the source has them (a HAR file does; the panel never keeps them). */
export type BodySource = (captured: CapturedExchange) => { request: string | null; response: string | null } | null;

const MAX_BODY = 10_000;

export function buildReport(
  items: readonly DiagnosedCapture[],
  environment: ReportEnvironment,
  options: ReportOptions = DEFAULT_REPORT_OPTIONS,
  bodies?: BodySource,
): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    environment,
    redacted: !options.includeSecrets,
    bodiesIncluded: options.includeBodies && bodies !== undefined,
    fixes: reportServerFixes(items, options),
    exchanges: items.map((item) => reportExchange(item, options, bodies)),
  };
}

/** One exchange of a report: buildReport's unit, also used alone to write a report as a stream. */
export function reportExchange(item: DiagnosedCapture, options: ReportOptions, bodies?: BodySource): ReportExchange {
  // Redacted unless asked otherwise, and diagnosed again from the redacted copy: every string
  // derived from it (URLs, headers, findings' words, evidence, fix, curl) is redacted by
  // construction. Redaction keeps what the verdict reads (test/redact/fidelity.test.ts).
  const captured = redactCaptured(item.captured, options);
  const diagnosis = options.includeSecrets ? item.diagnosis : diagnose(captured.exchange);
  const bodyText = options.includeBodies && bodies ? bodies(item.captured) : null;
  return reportRedactedExchange({ captured, diagnosis }, options, bodyText);
}

/**
 * One exchange of a report from its copy already redacted as `options` ask (redactCaptured) and
 * that copy's diagnosis: a report written as a stream redacts and diagnoses each exchange once.
 */
export function reportRedactedExchange(
  item: DiagnosedCapture,
  options: ReportOptions,
  bodyText: { request: string | null; response: string | null } | null,
): ReportExchange {
  const secrets = options.includeSecrets;
  const { captured, diagnosis } = item;
  const summary = summarizeExchange(captured, diagnosis);
  const exchange = captured.exchange;
  const origin = diagnosis.questions.origin.value ?? exchange.initiatorOrigin?.value ?? "null";
  const hop: Hop | undefined = exchange.hops[diagnosis.hop] ?? exchange.hops[0];
  const redaction = { includeSecrets: secrets };
  const answers = answerInBrowsers(exchange, diagnosis);
  const otherBrowsers = otherBrowsersLine(answers);

  const guess = detectStacks(exchange, new Set(STACK_IDS), diagnosis)[0];
  const planned = planFix(exchange, diagnosis);
  const plan = planned && aimPlan(planned, guess?.layer);
  const stack = options.stack === "auto" ? (guess?.stack ?? null) : options.stack;
  const fix = plan?.serverChangeHelps && stack ? generateFix(plan, stack) : null;
  const neutral = plan?.serverChangeHelps && !fix ? neutralFix(plan) : null;

  return {
    summary,
    headline: headline(diagnosis),
    otherBrowsers,
    browsers: otherBrowsers
      ? {
          chrome: browserJson(answers.chrome),
          firefox: browserJson(answers.firefox),
          safari: browserJson(answers.safari),
        }
      : null,
    findings: explainDiagnosis(diagnosis),
    questions: answerQuestions(diagnosis),
    headers: exchange.hops.flatMap((h, index) => {
      const blocks: ReportHeaders[] = [];
      const suffix = exchange.hops.length > 1 ? ` (hop ${index + 1})` : "";
      if (h.preflight) {
        blocks.push({
          title: `Preflight: OPTIONS ${h.preflight.request.url}${suffix}`,
          status: h.preflight.response.status || null,
          request: h.preflight.request.headers,
          response: h.preflight.response.headers,
        });
      }
      blocks.push({
        title: `${index === exchange.hops.length - 1 ? "Actual" : "Redirect"}: ${h.request.method} ${h.request.url}${suffix}`,
        status: h.response.status || null,
        request: h.request.headers,
        response: h.response.headers,
      });
      return blocks;
    }),
    fix: fix
      ? {
          stack: fix.stack,
          label: fix.label,
          detected: guess?.stack === fix.stack,
          verified: fix.verified,
          where: fix.where,
          snippet: fix.snippet,
          traps: fix.traps,
        }
      : null,
    headersToSend: neutral
      ? {
          preflight: neutral.preflight?.map(neutralHeaderText) ?? null,
          actual: neutral.actual.map(neutralHeaderText),
        }
      : null,
    targeted: targetedFix({ exchange, diagnosis }).map((c) => ({
      title: TARGETED_TEXT[c.code].title,
      text: TARGETED_TEXT[c.code].explain({ value: c.value ?? "" }),
    })),
    clientChanges: (plan?.clientChanges ?? []).map((c) => ({
      title: CLIENT_CHANGE_TEXT[c.code].title,
      text: CLIENT_CHANGE_TEXT[c.code].explain(c.args),
    })),
    lint: lintPolicy(exchange, diagnosis).map((l) => ({
      code: l.code,
      severity: l.severity,
      title: LINT_TEXT[l.code].title,
      text: LINT_TEXT[l.code].explain({}),
      evidence: l.evidence,
    })),
    curl: {
      preflight:
        hop && (hop.preflight || diagnosis.questions.preflight.required)
          ? toCurl(preflightSpec(hop, origin, redaction), "bash")
          : null,
      actual: hop ? toCurl(actualSpec(hop, origin, redaction), "bash") : "",
    },
    bodies: bodyText ? { request: truncate(bodyText.request), response: truncate(bodyText.response) } : null,
  };
}

function truncate(text: string | null): string | null {
  if (text === null) return null;
  return text.length > MAX_BODY
    ? `${text.slice(0, MAX_BODY)}\n… (${text.length - MAX_BODY} more characters left out)`
    : text;
}
