export { BASH_REPLACEMENT_NOTE, CMD_TEXT_REPLACEMENT_NOTE, CMD_URL_REPLACEMENT_NOTE } from "./carry.js";
export {
  CURL_DOES_NOT_ENFORCE_CORS,
  SHELL_FLAVOR_LABELS,
  SHELL_FLAVORS,
  type ShellFlavor,
  toCurl,
} from "./commands.js";
export { toFetchSnippet } from "./fetch-snippet.js";
export { quoteBash } from "./quote-bash.js";
export { quoteCmd } from "./quote-cmd.js";
export { quoteJs } from "./quote-js.js";
export { quotePowerShell } from "./quote-powershell.js";
export { actualSpec, preflightSpec, type RequestSpec } from "./spec.js";
