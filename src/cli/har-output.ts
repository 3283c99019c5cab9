/**
 * What `cors-doctor har` prints for one exchange, and how the pieces join into the whole output.
 * The serial path and the worker threads of the parallel path both use these functions, so the
 * output is byte-for-byte the same whichever path ran (test/cli/har-parallel.test.ts).
 */

import type { CapturedExchange } from "../capture/index.js";
import type { Verdict } from "../engine/index.js";
import type { DiagnosedExchange, StackId } from "../fixes/index.js";
import { type BrowserChoice, failureName } from "../report/browsers-json.js";
import { exchangeJson } from "../report/har-json.js";
import { chosenVerdict, renderBrowsers } from "./browsers-output.js";
import { renderFix } from "./fix-output.js";
import { renderExchange, renderTotals } from "./render-text.js";

/** The options that shape per-exchange output (a subset of HarOptions, safe to send to a thread). */
export interface ExchangeOutputOptions {
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly all?: boolean;
  readonly fix?: StackId | "auto";
  /** Print cookies, tokens and URL credentials as captured (`--include-secrets`); redacted otherwise. */
  readonly includeSecrets?: boolean;
  /** `--browser`: answer for this browser (or all three); chrome, the default, changes nothing. */
  readonly browser?: BrowserChoice;
}

export interface ExchangeOutput {
  /** JSON: the exchange's element, indented for its place in the array. Text: its lines, or "" when not shown. */
  readonly chunk: string;
  readonly verdict: Verdict;
  /** With --fix: the redacted exchange and its diagnosis, for the per-server fixes at the end. */
  readonly diagnosed?: DiagnosedExchange;
}

/**
 * Diagnoses one exchange and renders what the command prints for it: the JSON element is
 * src/report/har-json.ts's, which the library's diagnoseHar returns too.
 */
export function renderExchangeOutput(raw: CapturedExchange, options: ExchangeOutputOptions): ExchangeOutput {
  const { element, diagnosed: both, answers } = exchangeJson(raw, options);
  const diagnosed = options.fix ? { diagnosed: both } : {};
  const verdict = answers && options.browser ? chosenVerdict(answers, options.browser) : element.verdict;
  if (options.json) {
    // JSON strings hold no raw newlines, so re-indenting line starts is exact.
    return {
      chunk: JSON.stringify(element, null, 2).replaceAll("\n", "\n    "),
      verdict,
      ...diagnosed,
    };
  }
  if (!options.all && element.verdict === "not-cors") return { chunk: "", verdict, ...diagnosed };
  // One other browser: its verdict and its failure's name lead the line (its words follow).
  const chosen = answers && options.browser && options.browser !== "all" ? answers[options.browser] : null;
  const line = chosen
    ? { ...element, verdict: chosen.verdict, corsError: failureName(chosen.failure), failedParameter: null }
    : element;
  const text = renderExchange(line, both.diagnosis, {
    explain: options.explain ?? false,
    all: options.all ?? false,
    browsers: answers && options.browser ? renderBrowsers(answers, options.browser) : [],
  });
  const fix = element.fix;
  const own = fix ? renderFix({ ...fix, stack: null, detected: false, layer: null, fix: null, neutral: null }) : "";
  return { chunk: own ? `${text}\n${own}\n` : `${text}\n`, verdict, ...diagnosed };
}

/**
 * Chunks joined as they appear in the output. Joining is associative, so runs of chunks joined
 * by threads join again into the same text.
 */
export function joinChunks(chunks: readonly string[], options: ExchangeOutputOptions): string {
  return chunks.join(options.json ? ",\n    " : "");
}

/**
 * The whole output around the joined chunks of `count` exchanges, without the final newline
 * (`out` adds it). JSON is exactly `JSON.stringify({exchanges}, null, 2)`; text ends with the totals.
 */
export function wrapOutput(body: string, verdicts: readonly Verdict[], options: ExchangeOutputOptions): string {
  if (options.json)
    return verdicts.length === 0 ? '{\n  "exchanges": []\n}' : `{\n  "exchanges": [\n    ${body}\n  ]\n}`;
  return `${body}${renderTotals(verdicts)}`;
}

/**
 * Output goes out in pieces of about this size, so a large file's output is never held whole; small
 * pieces die young instead of being copied by each scavenge (100,000 entries: 256 KB pieces took
 * 10.0-11.0 s of CPU, 16 KB pieces 9.2-11.1 s, three runs each on a loaded machine).
 */
const WRITE_SIZE = 16 * 1024;

/**
 * Writes the output of exchanges as they are diagnosed, in order, through `out` (which ends each
 * write with a newline): byte-for-byte `wrapOutput(joinChunks(chunks), …)`, without keeping it.
 */
export function streamOutput(options: ExchangeOutputOptions, out: (text: string) => void) {
  let pending = "";
  let count = 0;
  return {
    add(chunk: string): void {
      if (options.json) {
        if (count === 0) pending = `{\n  "exchanges": [\n    ${chunk}`;
        else if (pending.length >= WRITE_SIZE) {
          // The separator ",\n    " splits around the newline that `out` adds.
          out(`${pending},`);
          pending = `    ${chunk}`;
        } else pending += `,\n    ${chunk}`;
      } else {
        pending += chunk;
        // Text chunks end with a newline, which `out` puts back.
        if (pending.length >= WRITE_SIZE) {
          out(pending.slice(0, -1));
          pending = "";
        }
      }
      count++;
    },
    /** `fixes`: with --fix, the per-server fixes (JSON: the `fixes` array; text: their lines). */
    finish(verdicts: readonly Verdict[], fixes?: { readonly json: unknown; readonly text: string }): void {
      const jsonFixes = fixes ? `,\n  "fixes": ${JSON.stringify(fixes.json, null, 2).replaceAll("\n", "\n  ")}` : "";
      if (options.json) out(count === 0 ? `{\n  "exchanges": []${jsonFixes}\n}` : `${pending}\n  ]${jsonFixes}\n}`);
      else out(`${pending}${renderTotals(verdicts)}${fixes?.text ?? ""}`);
    },
  };
}
