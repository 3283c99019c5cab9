/**
 * The part of a parse result that a single message text determines, and small helpers shared by
 * the Chrome, Firefox and Safari readers.
 */

import type { DiagnosisCode } from "../engine/diagnosis/codes.js";
import {
  type AccessCheckError,
  type CorsErrorName,
  currentCorsErrorName,
  PREFLIGHT_TWIN,
} from "../engine/fetch/cors-error.js";
import { parseUrl } from "../engine/fetch/origin.js";

export interface Meaning {
  corsError: CorsErrorName | null;
  candidates: CorsErrorName[];
  failedParameter: string | null;
  code: DiagnosisCode | null;
  preflight: boolean | null;
  origin: string | null;
  status: number | null;
  url: string | null;
  redirectedFrom: string | null;
  initiator: string | null;
  targetAddressSpace: string | null;
  resourceAddressSpace: string | null;
  firefoxKey: string | null;
}

export function emptyMeaning(): Meaning {
  return {
    corsError: null,
    candidates: [],
    failedParameter: null,
    code: null,
    preflight: null,
    origin: null,
    status: null,
    url: null,
    redirectedFrom: null,
    initiator: null,
    targetAddressSpace: null,
    resourceAddressSpace: null,
    firefoxKey: null,
  };
}

/**
 * One name: that name. Several: `candidates`, with `corsError` set only when they are old and new
 * names of one error (then the current name).
 */
export function named(names: readonly CorsErrorName[], extra: Partial<Meaning> = {}): Meaning {
  const unique = [...new Set(names)];
  const meaning = { ...emptyMeaning(), ...extra };
  if (unique.length === 1) {
    meaning.corsError = unique[0] ?? null;
    meaning.candidates = [];
  } else if (unique.length > 1) {
    const current = new Set(unique.map(currentCorsErrorName));
    meaning.corsError = current.size === 1 ? ([...current][0] ?? null) : null;
    meaning.candidates = unique;
  }
  return meaning;
}

/** An access-check error whose twin is chosen by the preflight prefix. */
export function twin(base: AccessCheckError, prefixed: boolean, extra: Partial<Meaning> = {}): Meaning {
  return named([prefixed ? PREFLIGHT_TWIN[base] : base], { preflight: prefixed, ...extra });
}

/** An access-check error when the message does not say whether it hit the preflight. */
export function eitherTwin(bases: readonly AccessCheckError[], extra: Partial<Meaning> = {}): Meaning {
  return named([...bases, ...bases.map((base) => PREFLIGHT_TWIN[base])], { preflight: null, ...extra });
}

/**
 * The access-check error Chromium reports for an `Access-Control-Allow-Origin` value that differs
 * from the origin (`CheckAccess` in cors.cc; the same rule as src/engine/fetch/cors-check.ts).
 */
export function allowOriginFailure(value: string): AccessCheckError {
  if (/[ ,]/.test(value)) return "MultipleAllowOriginValues";
  if (value === "null") return "AllowOriginMismatch";
  if (parseUrl(value) === null) return "InvalidAllowOriginValue";
  return "AllowOriginMismatch";
}

/** Chrome's `EncodeHint` prints non-printable and non-ASCII characters as `\uXXXX`. */
export function decodeHint(hint: string): string {
  return hint.replace(/\\u([0-9a-fA-F]{4})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** "200" -> 200; "(null)", "" or anything else -> null. */
export function parseStatus(value: string | undefined): number | null {
  if (value === undefined || !/^\d{3}$/.test(value)) return null;
  return Number(value);
}

/** A capture group, or "" when it did not take part. */
export function group(match: RegExpExecArray, index: number): string {
  return match[index] ?? "";
}

/** Starts like a URL as browsers print it: a scheme, a colon, then something. */
export function looksLikeUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S/.test(value);
}
