/**
 * CORS Doctor as a library: the engine the CLI and the DevTools panel run, for tests and tools.
 * Pure (ES2022 only: no DOM, Node or chrome APIs), so it runs in Node, a browser or a worker.
 *
 * ```ts
 * import { diagnoseHar } from "cors-doctor";
 * const { exchanges } = diagnoseHar(harDocument);
 * const blocked = exchanges.filter((x) => x.verdict === "blocked");
 * ```
 */

import { type CapturedExchange, parseJsonText, readHar } from "../capture/index.js";
import { type CorsErrorName, type Diagnosis, diagnose, type Exchange } from "../engine/index.js";
import { type ExplainedItem, explainCorsError as explainCorsErrorItem } from "../explain/format.js";
import type { StackId } from "../fixes/index.js";
import { type FixSummary, fixFor } from "../report/fix-summary.js";
import { type HarJson, type HarJsonOptions, harJson } from "../report/har-json.js";

export type { ConsoleBrowser, ParsedConsoleError } from "../console/index.js";
export { parseConsoleMessages } from "../console/index.js";
export type {
  CorsErrorName,
  Diagnosis,
  DiagnosisCode,
  Exchange,
  Finding,
  Leg,
  Verdict,
} from "../engine/index.js";
export type { ExplainedItem } from "../explain/format.js";
export type { StackFix, StackId } from "../fixes/index.js";
export type { BrowserChoice, BrowserJson } from "../report/browsers-json.js";
export type { FixSummary, LayerSummary } from "../report/fix-summary.js";
export type {
  ExchangeFixJson,
  HarExchangeJson,
  HarJson,
  HarJsonOptions,
  ServerFixJson,
} from "../report/har-json.js";
export type { ExchangeSummary } from "../report/summary.js";

/** Thrown for input that is not a HAR document, not HAR entries of one exchange, or not an exchange. */
export class CorsDoctorInputError extends Error {
  override readonly name = "CorsDoctorInputError";
}

/** A HAR document: its parsed JSON, or its text (read leniently, as the CLI reads a `.har` file). */
export type HarInput = string | object;

/**
 * One exchange: the engine's `Exchange`, or the HAR entries of one request (its preflight, the
 * request, and the hops of a redirect chain), in any order.
 */
export type ExchangeInput = Exchange | readonly unknown[];

/** The exchanges of a HAR document, as the CLI builds them. Throws CorsDoctorInputError. */
function exchangesOfHar(har: HarInput, what: string): CapturedExchange[] {
  let document: unknown = har;
  if (typeof har === "string") {
    const parsed = parseJsonText(har);
    if (!parsed.ok) throw new CorsDoctorInputError(`${what} is not JSON: ${parsed.message}`);
    document = parsed.value;
  }
  const result = readHar(document);
  if (!result.ok) throw new CorsDoctorInputError(`${what} is ${result.message}`);
  return result.exchanges;
}

/** The engine's exchange from either form of ExchangeInput. Throws CorsDoctorInputError. */
function toExchange(input: ExchangeInput): Exchange {
  if (Array.isArray(input)) {
    const exchanges = exchangesOfHar({ log: { entries: input } }, "the entries");
    if (exchanges.length !== 1)
      throw new CorsDoctorInputError(
        `the entries form ${exchanges.length} exchanges, not one: pass one request's preflight, request and redirects, or use diagnoseHar`,
      );
    return (exchanges[0] as CapturedExchange).exchange;
  }
  const hops = (input as { hops?: unknown } | null)?.hops;
  if (!Array.isArray(hops) || hops.length === 0)
    throw new CorsDoctorInputError("not an exchange: expected an Exchange (with hops) or an array of HAR entries");
  return input as Exchange;
}

/**
 * Diagnoses every request of a HAR capture: exactly what `cors-doctor har <file> --json` prints
 * (with `fix`, what `--fix <stack>` adds), as a value. Each element of `exchanges` has the
 * request's `verdict` (`allowed`, `blocked`, `not-cors`, `network-error`, `unknown`), Chromium's
 * `corsError` and `failedParameter`, and the codes of its `causes`, `warnings` and `notes`.
 * Cookies, tokens and URL credentials are redacted unless `includeSecrets` is set. With
 * `browser` ("firefox", "safari" or "all"; `har --browser`), each element also has `browsers`:
 * what those browsers decide, in their own console words.
 *
 * @param har A HAR 1.2 document (DevTools' "Save all as HAR", Playwright's `recordHar`, Firefox,
 *   mitmproxy, ...) as parsed JSON or as text.
 * @throws CorsDoctorInputError when `har` is not JSON or not a HAR document (bad entries are not
 *   errors: each becomes an `unknown` verdict with its reason).
 */
export function diagnoseHar(har: HarInput, options: HarJsonOptions = {}): HarJson {
  return harJson(exchangesOfHar(har, "the HAR input"), options);
}

/**
 * Diagnoses one request as Chromium would decide it, and returns the engine's `Diagnosis`: the
 * verdict, Chromium's CORS error and failed parameter, the leg and hop that failed, every finding
 * with its code, arguments and recorded evidence, and the five debugging questions. Nothing is
 * redacted: the evidence quotes the headers given.
 *
 * @throws CorsDoctorInputError when `exchange` is neither an Exchange nor HAR entries forming one exchange.
 */
export function diagnoseExchange(exchange: ExchangeInput): Diagnosis {
  return diagnose(toExchange(exchange));
}

/**
 * The smallest safe fix for one request: the server change for `stack` (a stack id such as
 * `express` or `nginx`; "auto", the default: the stack its responses reveal, or none and the
 * stack-neutral headers), the layer that lacks the headers (CDN, proxy, gateway, application),
 * page-side changes and the security lint of today's policy. Null when no change is needed or
 * none can help (the request is not blocked by CORS).
 *
 * @param diagnosis The request's diagnosis when already computed (diagnoseExchange); computed otherwise.
 * @throws CorsDoctorInputError as diagnoseExchange does.
 */
export function generateFix(
  exchange: ExchangeInput,
  stack: StackId | "auto" = "auto",
  diagnosis?: Diagnosis,
): FixSummary | null {
  const resolved = toExchange(exchange);
  return fixFor({ exchange: resolved }, diagnosis ?? diagnose(resolved), stack);
}

/**
 * Chromium's CORS error in the words the panel and the CLI use: its `title` ("Request header not
 * allowed by the preflight"), a `text` that names the failed parameter and says what to change,
 * and the Fetch standard's `spec` link. For a `corsError` and `failedParameter` from diagnoseHar,
 * diagnoseExchange or parseConsoleMessages.
 */
export function explainCorsError(corsError: CorsErrorName, failedParameter: string | null = null): ExplainedItem {
  return explainCorsErrorItem(corsError, failedParameter);
}
