export {
  isSecretHeader,
  isSecretParam,
  REDACT_BY_DEFAULT,
  REDACTED,
  type RedactionOptions,
  redactHeaders,
  redactHeaderValue,
  redactUrl,
} from "./redact.js";
