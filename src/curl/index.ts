export {
  actualSpec,
  CURL_DOES_NOT_ENFORCE_CORS,
  preflightSpec,
  quoteBash,
  quoteCmd,
  quotePowerShell,
  type RequestSpec,
  SHELL_FLAVORS,
  type ShellFlavor,
  toCurl,
  toFetchSnippet,
} from "./commands.js";
