/**
 * Chromium's `Network.CorsError` vocabulary (CDP), so a diagnosis lines up with DevTools' Issues
 * panel and with `Network.loadingFailed.corsErrorStatus`.
 *
 * The current protocol has 28 names; 9 more existed in the Private Network Access era or were
 * renamed. All 37 are accepted (older Chrome builds still send them); the engine itself only
 * produces current names. Match on these strings, never on mojom numbers.
 */

/** Names in the current protocol, in protocol order. */
export const CURRENT_CORS_ERRORS = [
  "DisallowedByMode",
  "InvalidResponse",
  "WildcardOriginNotAllowed",
  "MissingAllowOriginHeader",
  "MultipleAllowOriginValues",
  "InvalidAllowOriginValue",
  "AllowOriginMismatch",
  "InvalidAllowCredentials",
  "CorsDisabledScheme",
  "PreflightInvalidStatus",
  "PreflightDisallowedRedirect",
  "PreflightWildcardOriginNotAllowed",
  "PreflightMissingAllowOriginHeader",
  "PreflightMultipleAllowOriginValues",
  "PreflightInvalidAllowOriginValue",
  "PreflightAllowOriginMismatch",
  "PreflightInvalidAllowCredentials",
  "PreflightMissingAllowExternal",
  "PreflightInvalidAllowExternal",
  "InvalidAllowMethodsPreflightResponse",
  "InvalidAllowHeadersPreflightResponse",
  "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse",
  "RedirectContainsCredentials",
  "InsecureLocalNetwork",
  "InvalidLocalNetworkAccess",
  "NoCorsRedirectModeNotFollow",
  "LocalNetworkAccessPermissionDenied",
] as const;

/** Names removed from the protocol or renamed (PNA era); still seen from older builds. */
export const LEGACY_CORS_ERRORS = [
  "InsecurePrivateNetwork",
  "InvalidPrivateNetworkAccess",
  "UnexpectedPrivateNetworkAccess",
  "PreflightMissingAllowPrivateNetwork",
  "PreflightInvalidAllowPrivateNetwork",
  "PreflightMissingPrivateNetworkAccessId",
  "PreflightMissingPrivateNetworkAccessName",
  "PrivateNetworkAccessPermissionUnavailable",
  "PrivateNetworkAccessPermissionDenied",
] as const;

export type CurrentCorsErrorName = (typeof CURRENT_CORS_ERRORS)[number];
export type LegacyCorsErrorName = (typeof LEGACY_CORS_ERRORS)[number];
export type CorsErrorName = CurrentCorsErrorName | LegacyCorsErrorName;

export const ALL_CORS_ERRORS: readonly CorsErrorName[] = [...CURRENT_CORS_ERRORS, ...LEGACY_CORS_ERRORS];

const ALL_CORS_ERROR_SET: ReadonlySet<string> = new Set(ALL_CORS_ERRORS);

export function isCorsErrorName(value: unknown): value is CorsErrorName {
  return typeof value === "string" && ALL_CORS_ERROR_SET.has(value);
}

/** Renamed names map to their current name, so old and new captures compare equal. */
export const RENAMED_CORS_ERRORS: Readonly<Partial<Record<LegacyCorsErrorName, CurrentCorsErrorName>>> = {
  InsecurePrivateNetwork: "InsecureLocalNetwork",
  InvalidPrivateNetworkAccess: "InvalidLocalNetworkAccess",
  PrivateNetworkAccessPermissionDenied: "LocalNetworkAccessPermissionDenied",
};

export function currentCorsErrorName(name: CorsErrorName): CorsErrorName {
  return (RENAMED_CORS_ERRORS as Record<string, CurrentCorsErrorName | undefined>)[name] ?? name;
}

/** The errors a failed CORS check can produce (https://fetch.spec.whatwg.org/#concept-cors-check). */
export type AccessCheckError =
  | "WildcardOriginNotAllowed"
  | "MissingAllowOriginHeader"
  | "MultipleAllowOriginValues"
  | "InvalidAllowOriginValue"
  | "AllowOriginMismatch"
  | "InvalidAllowCredentials"
  | "InvalidResponse";

/**
 * Chromium maps a failed CORS check on a preflight response to its `Preflight*` twin
 * (`CheckPreflightAccess` in services/network/cors/preflight_controller.cc).
 */
export const PREFLIGHT_TWIN: Readonly<Record<AccessCheckError, CurrentCorsErrorName>> = {
  WildcardOriginNotAllowed: "PreflightWildcardOriginNotAllowed",
  MissingAllowOriginHeader: "PreflightMissingAllowOriginHeader",
  MultipleAllowOriginValues: "PreflightMultipleAllowOriginValues",
  InvalidAllowOriginValue: "PreflightInvalidAllowOriginValue",
  AllowOriginMismatch: "PreflightAllowOriginMismatch",
  InvalidAllowCredentials: "PreflightInvalidAllowCredentials",
  InvalidResponse: "InvalidResponse",
};

/**
 * Chrome prefixes the console text of these with "Response to preflight request doesn't pass
 * access control check:" (`IsPreflightError` in cors_error_string.cc).
 */
export function isPreflightPrefixedError(name: CorsErrorName): boolean {
  return (
    name.startsWith("Preflight") &&
    name !== "PreflightMissingPrivateNetworkAccessId" &&
    name !== "PreflightMissingPrivateNetworkAccessName"
  );
}
