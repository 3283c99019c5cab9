/** The CORS diagnosis engine: pure functions over recorded exchanges. */

export type * from "./types.js";
export { diagnose } from "./diagnosis/diagnose.js";
export { CODE_INFO, CORS_ERROR_SPEC, DIAGNOSIS_CODES, type DiagnosisCode } from "./diagnosis/codes.js";
export {
  ALL_CORS_ERRORS,
  CURRENT_CORS_ERRORS,
  LEGACY_CORS_ERRORS,
  type CorsErrorName,
  currentCorsErrorName,
  isCorsErrorName,
  isPreflightPrefixedError,
} from "./fetch/cors-error.js";
export { corsCheck, isOkStatus, isRedirectStatus } from "./fetch/cors-check.js";
export { checkPreflightResponse, parseMaxAge, PREFLIGHT_CACHE_CAPS } from "./fetch/preflight.js";
export {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  scriptSettableHeaders,
} from "./fetch/safelist.js";
export { isCorsSafelistedMethod, normalizeMethod } from "./fetch/methods.js";
export { addressSpaceOf, diffOrigins, parseUrl, serializeOriginOf } from "./fetch/origin.js";
export { getHeader, getHeaderValues, byteLowercase } from "./fetch/header-list.js";
export { hasRedirectTaintedOrigin, serializeRequestOrigin } from "./fetch/redirect.js";
export { classifyNetError, netErrorName } from "./diagnosis/net-errors.js";
