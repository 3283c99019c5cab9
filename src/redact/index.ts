export { type HeaderKind, headerKind } from "./catalogue.js";
export {
  isSecretHeader,
  isSecretParam,
  looksLikeSecretValue,
  REDACT_BY_DEFAULT,
  REDACTED,
  type RedactionOptions,
  redactCaptured,
  redactExchange,
  redactHeaders,
  redactHeaderValue,
  redactUrl,
  redactUrlsInText,
} from "./redact.js";
