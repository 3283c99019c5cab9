/**
 * What a pasted browser console message says, in Chromium's vocabulary.
 */

import type { DiagnosisCode } from "../engine/diagnosis/codes.js";
import type { CorsErrorName } from "../engine/fetch/cors-error.js";

export type ConsoleBrowser = "chrome" | "firefox" | "safari";

/** One failure found in pasted console text (one or several lines merged). */
export interface ParsedConsoleError {
  /** Which engine's wording was recognized (Edge, Opera, Brave… print Chrome's). */
  readonly browser: ConsoleBrowser;
  /**
   * The Chromium `CorsError` the message stands for. When the message fits several (`candidates`)
   * it is null, unless those candidates are only old and new names of one error (Chrome renamed
   * the Private Network Access errors): then it is the current name.
   */
  readonly corsError: CorsErrorName | null;
  /** Chrome's `failedParameter` (or what another browser says in its place), hints decoded. */
  readonly failedParameter: string | null;
  /** Every name the message may stand for, most likely first, when there are two or more; else []. */
  readonly candidates: CorsErrorName[];
  /** For failures that are not a CORS header problem (network errors, warnings, blocking). */
  readonly code: DiagnosisCode | null;
  /** Firefox's `security.properties` key (its console category), current or legacy. */
  readonly firefoxKey: string | null;
  /** The request URL (Chrome: the last URL of the redirect chain; Chrome may elide long URLs). */
  readonly url: string | null;
  /** The request origin as printed (`null` for opaque origins is the string "null"). */
  readonly origin: string | null;
  /** The first URL when the request was redirected. */
  readonly redirectedFrom: string | null;
  /** `fetch`, `xhr`, or the resource kind in lower case (`script`, `font`, `image`, `css stylesheet`…). */
  readonly initiator: string | null;
  /** True when the failure happened on the preflight, false when on the request itself, null if unknown. */
  readonly preflight: boolean | null;
  /** The HTTP status the browser reported, if any. */
  readonly status: number | null;
  readonly statusText: string | null;
  /** The request method, when a companion line gave it (Chrome's `POST https://… net::ERR_FAILED`). */
  readonly method: string | null;
  /** Chrome's address-space words (`public`, `local`, `loopback`, `private`, `unknown`) as printed. */
  readonly targetAddressSpace: string | null;
  readonly resourceAddressSpace: string | null;
  /** The original line(s), joined with "\n". */
  readonly text: string;
}

/** A captured request that a parsed error may belong to. */
export interface ConsoleMatchCandidate {
  readonly url: string;
  readonly method?: string;
  readonly startedMs?: number | null;
}
