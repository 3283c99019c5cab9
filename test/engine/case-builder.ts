/**
 * Table-driven engine cases: the JSON format of test/fixtures/engine-cases/*.json, a strict
 * valibot schema for it (a misspelled key fails loudly instead of being ignored), and the builder
 * that turns one case into an engine `Exchange`.
 *
 * Conventions of the format (see test/fixtures/engine-cases/README.md):
 * - headers are `[name, value]` pairs, recorded in order (duplicates kept);
 * - `response.error`: absent = the browser's outcome is unknown (Firefox HAR), `null` = the browser
 *   recorded success (Chromium `_error: null`), a string = the browser recorded that net error;
 * - `response.status` 0 = no response was recorded;
 * - `credentials`: absent or `null` = unknown (the engine infers), else the known mode;
 * - a preflight without `requestHeaders` gets Chromium's shape: `Accept: *\/*`, ACRM (the hop's
 *   method, or `acrm`), ACRH when `acrh` is given, and `Origin` (`originHeader`, else the case origin).
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as v from "valibot";
import { CURRENT_CORS_ERRORS } from "../../src/engine/fetch/cors-error.js";
import { DIAGNOSIS_CODES } from "../../src/engine/index.js";
import type {
  CredentialsMode,
  Exchange,
  HeaderLine,
  Hop,
  PreflightRecord,
  RecordedRequest,
  RecordedResponse,
  RequestMode,
  TransportOutcome,
} from "../../src/engine/types.js";

export const CASES_DIR = fileURLToPath(new URL("../fixtures/engine-cases/", import.meta.url));

const Headers = v.array(v.tuple([v.string(), v.string()]));
const Code = v.picklist(DIAGNOSIS_CODES);
const CorsError = v.picklist(CURRENT_CORS_ERRORS);
const Leg = v.picklist(["preflight", "actual", "redirect"]);
const Severity = v.picklist(["error", "cause", "warning", "info"]);

const ResponseFields = {
  status: v.number(),
  statusText: v.optional(v.string()),
  headers: v.optional(Headers),
  redirectURL: v.optional(v.nullable(v.string())),
  error: v.optional(v.nullable(v.string())),
  serverIP: v.optional(v.nullable(v.string())),
};

const CaseResponse = v.strictObject(ResponseFields);

const CasePreflight = v.strictObject({
  ...ResponseFields,
  /** The OPTIONS request's headers as recorded; when absent, built Chromium-style. */
  requestHeaders: v.optional(Headers),
  acrm: v.optional(v.string()),
  acrh: v.optional(v.string()),
  originHeader: v.optional(v.string()),
  url: v.optional(v.string()),
  provisional: v.optional(v.boolean()),
});

const CaseRequest = v.strictObject({
  method: v.string(),
  url: v.string(),
  headers: v.optional(Headers),
  provisional: v.optional(v.boolean()),
});

const CaseHop = v.strictObject({
  request: CaseRequest,
  preflight: v.optional(v.nullable(CasePreflight)),
  preflightState: v.optional(v.picklist(["paired", "not-captured", "unknown"])),
  response: CaseResponse,
});

const CaseExpect = v.strictObject({
  verdict: v.picklist(["allowed", "blocked", "not-cors", "network-error", "unknown"]),
  corsError: v.optional(v.nullable(CorsError)),
  failedParameter: v.optional(v.nullable(v.string())),
  leg: v.optional(v.nullable(Leg)),
  hop: v.optional(v.number()),
  /** Codes that must be among the findings. */
  codes: v.optional(v.array(Code)),
  /** Codes that must not be among the findings. */
  absentCodes: v.optional(v.array(Code)),
  /** Exact `unknownReasons`, in order. */
  unknownReasons: v.optional(v.array(Code)),
  /** The severity a finding of the code must have. */
  severities: v.optional(v.record(v.string(), Severity)),
  /** A subset of the args some finding of the code must have (toMatchObject). */
  findingArgs: v.optional(v.record(v.string(), v.record(v.string(), v.unknown()))),
  /** A subset of `diagnosis.questions` (toMatchObject). */
  questions: v.optional(v.record(v.string(), v.unknown())),
  /** Exact `diagnosis.alternatives` (the readings the capture cannot rule out). */
  alternatives: v.optional(
    v.array(
      v.strictObject({
        when: v.picklist(["without-credentials", "with-credentials"]),
        verdict: v.picklist(["allowed", "blocked"]),
        corsError: v.nullable(CorsError),
        failedParameter: v.nullable(v.string()),
        leg: v.nullable(Leg),
        hop: v.number(),
      }),
    ),
  ),
});

const EngineCaseSchema = v.strictObject({
  name: v.string(),
  /** Why the expectation holds: the spec step or Chromium behaviour, briefly. */
  why: v.optional(v.string()),
  origin: v.optional(v.nullable(v.string())),
  initiatorAddressSpace: v.optional(v.picklist(["loopback", "local", "public"])),
  credentials: v.optional(v.nullable(v.picklist(["omit", "same-origin", "include"]))),
  mode: v.optional(v.picklist(["cors", "no-cors", "same-origin", "navigate", "websocket"])),
  /** Why the capture could not tell the mode (capture/mode.ts); only without `mode`. */
  modeUnknownReason: v.optional(v.string()),
  resourceType: v.optional(v.nullable(v.string())),
  malformed: v.optional(v.array(v.string())),
  hops: v.array(CaseHop),
  expect: CaseExpect,
});

const CaseFileSchema = v.strictObject({
  description: v.string(),
  cases: v.array(EngineCaseSchema),
});

export type EngineCase = v.InferOutput<typeof EngineCaseSchema>;
export type CaseExpectation = v.InferOutput<typeof CaseExpect>;
export type CaseFile = v.InferOutput<typeof CaseFileSchema> & { readonly file: string };
type CaseHopInput = v.InferOutput<typeof CaseHop>;
type CaseResponseInput = v.InferOutput<typeof CaseResponse>;

function headerLines(pairs: readonly (readonly [string, string])[] | undefined): HeaderLine[] {
  return (pairs ?? []).map(([name, value]) => ({ name, value }));
}

function outcomeOf(response: CaseResponseInput): TransportOutcome {
  if (response.error === undefined) return { state: "unknown", errorText: null };
  if (response.error === null) return { state: "completed", errorText: null };
  return { state: "failed", errorText: response.error };
}

function recordedResponse(response: CaseResponseInput): RecordedResponse {
  return {
    status: response.status,
    statusText: response.statusText ?? "",
    headers: headerLines(response.headers),
    redirectURL: response.redirectURL ?? null,
    outcome: outcomeOf(response),
    serverIPAddress: response.serverIP ?? null,
  };
}

function buildHop(hop: CaseHopInput, origin: string | null): Hop {
  const request: RecordedRequest = {
    method: hop.request.method,
    url: hop.request.url,
    headers: headerLines(hop.request.headers),
    provisionalHeaders: hop.request.provisional ?? false,
  };
  let preflight: PreflightRecord | null = null;
  if (hop.preflight) {
    const p = hop.preflight;
    let requestHeaders: HeaderLine[];
    if (p.requestHeaders) {
      requestHeaders = headerLines(p.requestHeaders);
    } else {
      requestHeaders = [
        { name: "Accept", value: "*/*" },
        { name: "Access-Control-Request-Method", value: p.acrm ?? hop.request.method },
      ];
      if (p.acrh !== undefined) requestHeaders.push({ name: "Access-Control-Request-Headers", value: p.acrh });
      const originHeader = p.originHeader ?? origin;
      if (originHeader !== null) requestHeaders.push({ name: "Origin", value: originHeader });
    }
    preflight = {
      request: {
        method: "OPTIONS",
        url: p.url ?? hop.request.url,
        headers: requestHeaders,
        provisionalHeaders: p.provisional ?? false,
      },
      response: recordedResponse(p),
    };
  }
  return {
    request,
    response: recordedResponse(hop.response),
    preflightState: hop.preflightState ?? (preflight ? "paired" : "not-captured"),
    preflight,
  };
}

/** Turns a case into the engine's input. */
export function buildExchange(c: EngineCase): Exchange {
  const origin = c.origin ?? null;
  return {
    initiatorOrigin: origin === null ? null : { value: origin, source: "case", inferred: false },
    initiatorAddressSpace: c.initiatorAddressSpace
      ? { value: c.initiatorAddressSpace, source: "case", inferred: false }
      : null,
    resourceType: c.resourceType ?? null,
    mode: c.mode ? { value: c.mode as RequestMode, source: "case", inferred: false } : null,
    modeUnknownReason: c.modeUnknownReason ?? null,
    credentialsMode:
      c.credentials === undefined || c.credentials === null
        ? null
        : { value: c.credentials as CredentialsMode, source: "case", inferred: false },
    hops: c.hops.map((hop) => buildHop(hop, origin)),
    malformed: c.malformed ?? [],
  };
}

/** Parses one case file, throwing with the path of the first problem. */
export function parseCaseFile(json: unknown, file: string): CaseFile {
  const result = v.safeParse(CaseFileSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join(".") ?? "";
    throw new Error(`${file}: ${path}: ${issue?.message ?? "invalid case file"}`);
  }
  return { ...result.output, file };
}

/** Every case file in test/fixtures/engine-cases, sorted by name. */
export function loadCaseFiles(dir: string = CASES_DIR): CaseFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => parseCaseFile(JSON.parse(readFileSync(join(dir, name), "utf8")), name));
}
