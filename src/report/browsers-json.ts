/**
 * The per-browser answers as data (`har --browser … --json`, the JSON report): each browser's
 * verdict, its failure in its own vocabulary (Chrome's CorsError, Firefox's console key, WebKit's
 * reason) and console line, the rules by which it departs from Chrome, and why it is unknown.
 */

import {
  BROWSERS,
  type Browser,
  type BrowserAnswer,
  type BrowserAnswers,
  type BrowserFailure,
  type Verdict,
} from "../engine/index.js";
import { BROWSER_DIFFERENCE_TEXT, BROWSER_UNKNOWN_TEXT, browserMessage } from "../explain/browser-texts.js";

/** What `--browser` takes: one browser, or all three. */
export const BROWSER_CHOICES = ["chrome", "firefox", "safari", "all"] as const;
export type BrowserChoice = (typeof BROWSER_CHOICES)[number];

export interface BrowserJson {
  readonly verdict: Verdict;
  /** The failure's name in the browser's vocabulary: CorsError, Firefox's key, WebKit's reason. */
  readonly error: string | null;
  /** The console line the browser prints for it (null when it prints none we can word). */
  readonly message: string | null;
  readonly differences: readonly { readonly code: string; readonly changesVerdict: boolean; readonly title: string }[];
  readonly unknownReason: string | null;
  readonly unknownText: string | null;
  readonly alternatives: readonly {
    readonly when: string;
    readonly verdict: Verdict;
    readonly error: string | null;
    readonly message: string | null;
  }[];
}

export function failureName(failure: BrowserFailure | null): string | null {
  if (!failure) return null;
  return failure.engine === "chromium"
    ? failure.corsError
    : failure.engine === "firefox"
      ? failure.key
      : failure.reason;
}

export function browserJson(answer: BrowserAnswer): BrowserJson {
  return {
    verdict: answer.verdict,
    error: failureName(answer.failure),
    message: answer.failure ? browserMessage(answer.failure) : null,
    differences: answer.differences.map((d) => ({
      code: d.code,
      changesVerdict: d.changesVerdict,
      title: BROWSER_DIFFERENCE_TEXT[d.code].title,
    })),
    unknownReason: answer.unknownReason,
    unknownText: answer.unknownReason ? BROWSER_UNKNOWN_TEXT[answer.unknownReason] : null,
    alternatives: answer.alternatives.map((a) => ({
      when: a.when,
      verdict: a.verdict,
      error: failureName(a.failure),
      message: a.failure ? browserMessage(a.failure) : null,
    })),
  };
}

/** The browsers a choice shows: one, or all three (Chrome first). */
export function chosenBrowsers(choice: BrowserChoice): readonly Browser[] {
  return choice === "all" ? BROWSERS : [choice];
}

/** `browsers` of a JSON element: the chosen browsers' answers. */
export function browsersJson(answers: BrowserAnswers, choice: BrowserChoice): Partial<Record<Browser, BrowserJson>> {
  return Object.fromEntries(chosenBrowsers(choice).map((browser) => [browser, browserJson(answers[browser])]));
}
