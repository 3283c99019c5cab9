/** The CORS diagnosis engine: pure functions over recorded exchanges. */

export * from "./browsers/index.js";
export { CODE_INFO, CORS_ERROR_SPEC, DIAGNOSIS_CODES, type DiagnosisCode } from "./diagnosis/codes.js";
export { diagnose } from "./diagnosis/diagnose.js";
export { modeAnswer } from "./diagnosis/five-questions.js";
export { classifyNetError, netErrorName } from "./diagnosis/net-errors.js";
export { corsCheck, isOkStatus, isRedirectStatus } from "./fetch/cors-check.js";
export {
  ALL_CORS_ERRORS,
  type CorsErrorName,
  CURRENT_CORS_ERRORS,
  currentCorsErrorName,
  isCorsErrorName,
  isPreflightPrefixedError,
  LEGACY_CORS_ERRORS,
} from "./fetch/cors-error.js";
export { byteLowercase, getHeader, getHeaderValues } from "./fetch/header-list.js";
export { isCorsSafelistedMethod, normalizeMethod } from "./fetch/methods.js";
export { addressSpaceOf, diffOrigins, parseUrl, serializeOriginOf } from "./fetch/origin.js";
export { checkPreflightResponse, PREFLIGHT_CACHE_CAPS, parseMaxAge } from "./fetch/preflight.js";
export { hasRedirectTaintedOrigin } from "./fetch/redirect.js";
export {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  scriptSettableHeaders,
} from "./fetch/safelist.js";
export type * from "./types.js";
