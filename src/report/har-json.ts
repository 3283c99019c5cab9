/**
 * `cors-doctor har --json` as values: one element per exchange (its summary, and with a stack its
 * page-side fix) and, with a stack, the fixes one per server. The CLI serializes these pieces as it
 * streams them (src/cli/har-output.ts); the library's `diagnoseHar` returns them whole, so both
 * give one shape (test/lib/har-json.test.ts).
 */

import type { CapturedExchange } from "../capture/index.js";
import { answerInBrowsers, type Browser, type BrowserAnswers, type Diagnosis, diagnose } from "../engine/index.js";
import { type DiagnosedExchange, type StackId, serverFixes } from "../fixes/index.js";
import { redactCaptured } from "../redact/index.js";
import { type BrowserChoice, type BrowserJson, browsersJson } from "./browsers-json.js";
import { type FixSummary, fixFor } from "./fix-summary.js";
import { serverFixesJson } from "./server-fixes.js";
import { type ExchangeSummary, summarizeExchange } from "./summary.js";

export interface HarJsonOptions {
  /**
   * Answer for this browser (or all three) besides Chrome: adds `browsers` to each element. Chrome
   * alone (the default) adds nothing, so the default output stays as it was.
   */
  readonly browser?: BrowserChoice;
  /** Add the fix for this stack ("auto": the detected one): per request its page side, per server the change. */
  readonly fix?: StackId | "auto";
  /** Keep cookies, tokens and URL credentials as captured; redacted otherwise. */
  readonly includeSecrets?: boolean;
}

/** Per request, only what is the request's own; the server's change comes once, in `fixes`. */
export interface ExchangeFixJson {
  readonly clientChanges: FixSummary["clientChanges"];
  readonly lint: FixSummary["lint"];
}

/** One element of `exchanges`: the summary, plus `fix` when a stack was asked for (null: nothing to fix). */
export type HarExchangeJson = ExchangeSummary & {
  readonly fix?: ExchangeFixJson | null;
  /** With `--browser` other than chrome: each chosen browser's answer. */
  readonly browsers?: Partial<Record<Browser, BrowserJson>>;
};

/** One element of `fixes`: one server origin's merged change. */
export type ServerFixJson = ReturnType<typeof serverFixesJson>[number];

/** The whole output of `har --json` (and `har --json --fix <stack>`, which adds `fixes`). */
export interface HarJson {
  readonly exchanges: HarExchangeJson[];
  readonly fixes?: ServerFixJson[];
}

export interface ExchangeJsonResult {
  readonly element: HarExchangeJson;
  /** The redacted exchange (unless secrets were asked for) and its diagnosis. */
  readonly diagnosed: DiagnosedExchange;
  /** With `browser` other than chrome: every browser's answer. */
  readonly answers?: BrowserAnswers;
}

/**
 * Diagnoses one exchange as `har --json` does. The redacted exchange is what gets diagnosed, so no
 * string derived from it (URL, evidence, fix) can carry a secret.
 */
export function exchangeJson(raw: CapturedExchange, options: HarJsonOptions): ExchangeJsonResult {
  const captured = redactCaptured(raw, { includeSecrets: options.includeSecrets ?? false });
  const diagnosis: Diagnosis = diagnose(captured.exchange);
  const summary = summarizeExchange(captured, diagnosis);
  const diagnosed = { exchange: captured.exchange, diagnosis };
  const choice = options.browser ?? "chrome";
  const answers = choice === "chrome" ? undefined : answerInBrowsers(captured.exchange, diagnosis);
  const browsers = answers ? { browsers: browsersJson(answers, choice) } : {};
  if (!options.fix) return { element: { ...summary, ...browsers }, diagnosed, answers };
  const fix = diagnosis.verdict === "blocked" ? fixFor(captured, diagnosis, options.fix) : null;
  return {
    element: { ...summary, fix: fix ? { clientChanges: fix.clientChanges, lint: fix.lint } : null, ...browsers },
    diagnosed,
    answers,
  };
}

/** `fixes`: one change per server origin that needs one, merged from every diagnosed exchange to it. */
export function serverFixesOfHar(diagnosed: readonly DiagnosedExchange[], stack: StackId | "auto"): ServerFixJson[] {
  return serverFixesJson(serverFixes(diagnosed, stack).filter((fix) => fix.plan || fix.targeted.length > 0));
}

/** The whole `har --json` value for a capture's exchanges, in their order. */
export function harJson(exchanges: Iterable<CapturedExchange>, options: HarJsonOptions = {}): HarJson {
  const elements: HarExchangeJson[] = [];
  const diagnosed: DiagnosedExchange[] = [];
  for (const raw of exchanges) {
    const result = exchangeJson(raw, options);
    elements.push(result.element);
    if (options.fix) diagnosed.push(result.diagnosed);
  }
  return options.fix
    ? { exchanges: elements, fixes: serverFixesOfHar(diagnosed, options.fix) }
    : { exchanges: elements };
}
