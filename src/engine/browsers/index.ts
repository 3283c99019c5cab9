/** Per-browser answers: Chrome (the reference), Firefox and Safari, each in its own vocabulary. */

export { answerInBrowsers, browsersDisagree } from "./answer.js";
export { FIREFOX_RULES } from "./firefox.js";
export {
  BROWSER_DIFFERENCE_CODES,
  BROWSER_UNKNOWN_CODES,
  type BrowserDifferenceCode,
  type BrowserUnknownCode,
  DIFFERENCE_RULES,
  type DifferenceRule,
  UNKNOWN_SCENARIOS,
} from "./rules.js";
export type * from "./types.js";
export { BROWSERS, ENGINE_OF } from "./types.js";
export { WEBKIT_RULES } from "./webkit.js";
