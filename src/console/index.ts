/**
 * Pasted console text in, Chromium's CORS vocabulary out: explains a CORS error a user copied from
 * Chrome, Firefox or Safari even when nothing was captured. Pure: ES2022 only.
 */

import { parseConsoleText } from "./parse.js";
import type { ParsedConsoleError } from "./types.js";

export { FIREFOX_KEYS, type FirefoxKey } from "./firefox.js";
export { matchToRequest } from "./match.js";
export type { ConsoleBrowser, ConsoleMatchCandidate, ParsedConsoleError } from "./types.js";

/**
 * Every CORS failure in `text` (one line or a whole console paste), in the order they appear.
 * Lines of one failure are merged. Unknown lines are ignored; localized Firefox text is not read.
 * Never throws.
 */
export function parseConsoleMessages(text: string): ParsedConsoleError[] {
  if (typeof text !== "string" || text === "") return [];
  try {
    return parseConsoleText(text);
  } catch {
    return [];
  }
}
