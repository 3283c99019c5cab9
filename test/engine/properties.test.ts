/**
 * Property-based tests: the engine and the HAR reader take any input without throwing, and the
 * shape of a diagnosis is consistent (an allowed verdict carries no error, a CORS error always
 * names its failedParameter).
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { DIAGNOSIS_CODES, diagnose } from "../../src/engine/index.js";
import type {
  CredentialsMode,
  Diagnosis,
  Exchange,
  HeaderLine,
  Hop,
  PreflightRecord,
  RecordedResponse,
  RequestMode,
  TransportOutcome,
} from "../../src/engine/types.js";

const RUNS = 500;

// ---------------------------------------------------------------------------------------------
// Arbitraries for engine input

const HEADER_NAMES = [
  "Access-Control-Allow-Origin",
  "access-control-allow-origin",
  "Access-Control-Allow-Credentials",
  "Access-Control-Allow-Methods",
  "Access-Control-Allow-Headers",
  "Access-Control-Max-Age",
  "Access-Control-Request-Method",
  "Access-Control-Request-Headers",
  "Origin",
  "Cookie",
  "Authorization",
  "Content-Type",
  "Accept",
  "Range",
  "Location",
  "Vary",
  "X-Api-Key",
  ":authority",
  ":method",
  "",
];

const HEADER_VALUES = [
  "*",
  "null",
  "",
  "true",
  "True",
  "https://app.test",
  "https://app.test/",
  "https://app.test, https://app.test",
  "example.com",
  "GET, PUT",
  "PUT DELETE",
  "*, authorization",
  "a,,b",
  "application/json",
  "text/plain",
  "bytes=0-",
  "86400",
  "-1",
  "https://user:pw@cdn.test/x",
  "ftp://x.test/",
  "/relative",
  "Origin",
];

/** Any string, including control characters, lone surrogates and non-ASCII. */
const anyString = fc.string({ unit: "binary", maxLength: 40 });

const headerName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HEADER_NAMES) },
  { weight: 1, arbitrary: anyString },
);
const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HEADER_VALUES) },
  { weight: 2, arbitrary: anyString },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
const headers: fc.Arbitrary<HeaderLine[]> = fc.array(fc.record({ name: headerName, value: headerValue }), {
  maxLength: 8,
});

const status = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 200, 204, 301, 302, 307, 308, 400, 401, 403, 404, 429, 500, 502) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 1e12, 200.5) },
);

const url = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "https://api.test/items",
      "https://app.test/local",
      "http://127.0.0.1:8080/",
      "http://192.168.1.2/",
      "http://printer.local/",
      "https://cdn.test/f",
      "https://user:pw@cdn.test/f",
      "ftp://files.test/x",
      "file:///tmp/x",
      "wss://api.test/socket",
      "data:,x",
      "not a url",
      "",
    ),
  },
  { weight: 1, arbitrary: fc.webUrl() },
  { weight: 1, arbitrary: anyString },
);

const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "patch", "OPTIONS", "HEAD") },
  { weight: 1, arbitrary: anyString },
);

const outcome: fc.Arbitrary<TransportOutcome> = fc.oneof(
  fc.constant<TransportOutcome>({ state: "unknown", errorText: null }),
  fc.constant<TransportOutcome>({ state: "completed", errorText: null }),
  fc
    .oneof(
      fc.constantFrom(
        "net::ERR_FAILED",
        "net::ERR_ABORTED",
        "net::ERR_NAME_NOT_RESOLVED",
        "net::ERR_CONNECTION_REFUSED",
        "net::ERR_CERT_AUTHORITY_INVALID",
        "net::ERR_BLOCKED_BY_CLIENT",
        "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
        "net::ERR_UNSAFE_REDIRECT",
        "",
      ),
      anyString,
    )
    .map((errorText): TransportOutcome => ({ state: "failed", errorText })),
);

const response: fc.Arbitrary<RecordedResponse> = fc.record({
  status,
  statusText: anyString,
  headers,
  redirectURL: fc.option(url, { nil: null }),
  outcome,
  serverIPAddress: fc.option(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom("", "[::1]")), { nil: null }),
});

const request = fc.record({ method, url, headers, provisionalHeaders: fc.boolean() });

const preflight: fc.Arbitrary<PreflightRecord> = fc.record({
  request: fc.record({ method: fc.constant("OPTIONS"), url, headers, provisionalHeaders: fc.boolean() }),
  response,
});

const hop: fc.Arbitrary<Hop> = fc.record({
  request,
  response,
  preflightState: fc.constantFrom("paired", "not-captured", "unknown"),
  preflight: fc.option(preflight, { nil: null }),
});

const sourced = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(fc.record({ value: arb, source: fc.constantFrom("case", "origin-header"), inferred: fc.boolean() }), {
    nil: null,
  });

const exchange: fc.Arbitrary<Exchange> = fc.record({
  initiatorOrigin: sourced(
    fc.oneof(fc.constantFrom("https://app.test", "http://localhost:3000", "http://203.0.113.7", "null", ""), anyString),
  ),
  initiatorAddressSpace: sourced(fc.constantFrom("loopback", "local", "public")),
  resourceType: fc.option(fc.constantFrom("fetch", "xhr", "document", "script", "websocket", "preflight"), {
    nil: null,
  }),
  mode: sourced(fc.constantFrom<RequestMode>("cors", "no-cors", "same-origin", "navigate", "websocket")),
  credentialsMode: sourced(fc.constantFrom<CredentialsMode>("omit", "same-origin", "include")),
  hops: fc.array(hop, { minLength: 0, maxLength: 4 }),
  malformed: fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(anyString) }),
});

/** Exchanges that look like real CORS traffic, so every verdict (allowed included) comes up often. */
const corsHeader = (name: string, values: readonly string[], absentWeight = 1, presentWeight = 1) =>
  fc.oneof(
    { weight: absentWeight, arbitrary: fc.constant<HeaderLine[]>([]) },
    { weight: presentWeight, arbitrary: fc.constantFrom(...values).map((value): HeaderLine[] => [{ name, value }]) },
  );

const plausibleResponseHeaders: fc.Arbitrary<HeaderLine[]> = fc
  .tuple(
    corsHeader(
      "Access-Control-Allow-Origin",
      ["*", "*", "https://app.test", "https://app.test", "https://app.test", "null", "https://app.test/", ""],
      1,
      6,
    ),
    corsHeader("Access-Control-Allow-Credentials", ["true", "true", "True"]),
    corsHeader("Access-Control-Allow-Methods", ["GET, PUT, DELETE, patch", "*", "PUT DELETE"], 1, 2),
    corsHeader("Access-Control-Allow-Headers", ["content-type, authorization, x-api-key", "*", "a b"], 1, 2),
    corsHeader("Access-Control-Max-Age", ["600", "86400", "-5"]),
    corsHeader("Vary", ["Origin", "Accept-Encoding"]),
    corsHeader("Access-Control-Allow-Origin", ["https://app.test"], 15),
  )
  .map((parts) => parts.flat());

const plausibleUrl = fc.constantFrom(
  "https://api.test/items",
  "https://api.test/items/",
  "https://cdn.test/f",
  "https://app.test/local",
  "http://api.test/items",
);

const plausibleResponse: fc.Arbitrary<RecordedResponse> = fc.record({
  status: fc.constantFrom(0, 200, 200, 200, 200, 204, 204, 204, 302, 404, 500),
  statusText: fc.constant(""),
  headers: plausibleResponseHeaders,
  redirectURL: fc.option(plausibleUrl, { nil: null }),
  outcome: fc.constantFrom<TransportOutcome>(
    { state: "completed", errorText: null },
    { state: "failed", errorText: "net::ERR_FAILED" },
    { state: "unknown", errorText: null },
  ),
  serverIPAddress: fc.constant(null),
});

const plausibleRequestHeaders: fc.Arbitrary<HeaderLine[]> = fc
  .subarray([
    { name: "Content-Type", value: "application/json" },
    { name: "Authorization", value: "Bearer t" },
    { name: "X-Api-Key", value: "k" },
    { name: "Cookie", value: "s=1" },
    { name: "Origin", value: "https://app.test" },
  ])
  .map((list) => [...list]);

const plausibleHop: fc.Arbitrary<Hop> = fc.record({
  request: fc.record({
    method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "patch"),
    url: plausibleUrl,
    headers: plausibleRequestHeaders,
    provisionalHeaders: fc.boolean(),
  }),
  response: plausibleResponse,
  preflightState: fc.constantFrom("paired", "not-captured"),
  preflight: fc.option(
    fc.record({
      request: fc.record({
        method: fc.constant("OPTIONS"),
        url: plausibleUrl,
        headers: fc
          .constantFrom("", "content-type", "authorization,content-type", "x-api-key")
          .map((acrh): HeaderLine[] => [
            { name: "Origin", value: "https://app.test" },
            ...(acrh ? [{ name: "Access-Control-Request-Headers", value: acrh }] : []),
          ]),
        provisionalHeaders: fc.constant(false),
      }),
      response: plausibleResponse,
    }),
    { nil: null, freq: 2 },
  ),
});

const plausibleExchange: fc.Arbitrary<Exchange> = fc.record({
  initiatorOrigin: fc.option(fc.constant({ value: "https://app.test", source: "case", inferred: false }), {
    nil: null,
  }),
  resourceType: fc.constantFrom("fetch", "xhr"),
  mode: fc.constant(null),
  credentialsMode: sourced(fc.constantFrom<CredentialsMode>("omit", "same-origin", "include")),
  hops: fc.oneof(
    { weight: 4, arbitrary: plausibleHop.map((h) => [h]) },
    { weight: 1, arbitrary: fc.array(plausibleHop, { minLength: 2, maxLength: 3 }) },
  ),
  malformed: fc.constant([]),
});

const anyExchange = fc.oneof({ weight: 1, arbitrary: exchange }, { weight: 2, arbitrary: plausibleExchange });

const VERDICTS = ["allowed", "blocked", "not-cors", "network-error", "unknown"];
const CODES: ReadonlySet<string> = new Set(DIAGNOSIS_CODES);

function checkShape(d: Diagnosis): void {
  expect(VERDICTS).toContain(d.verdict);
  for (const finding of d.findings) expect(CODES.has(finding.code), finding.code).toBe(true);
  // The diagnosis is plain data: it survives a JSON round trip.
  expect(() => JSON.stringify(d)).not.toThrow();
}

// ---------------------------------------------------------------------------------------------

// Property runs: seconds on a loaded machine; the bound only guards against a hang.
describe("diagnose on arbitrary exchanges", { timeout: 60_000 }, () => {
  it("never throws and always returns a well-formed diagnosis", () => {
    fc.assert(
      fc.property(anyExchange, (x) => {
        checkShape(diagnose(x));
      }),
      { numRuns: RUNS },
    );
  });

  it("does not fall back on its catch-all for well-formed exchanges", () => {
    // The engine answers UNKNOWN_MALFORMED_ENTRY only for malformed input; on anything else that
    // code would mean an exception was swallowed.
    const wellFormed = anyExchange.filter(
      (x) => x.malformed.length === 0 && x.hops.length > 0 && x.hops.every((h) => URL.canParse(h.request.url)),
    );
    fc.assert(
      fc.property(wellFormed, (x) => {
        const d = diagnose(x);
        const swallowed = d.findings.find((f) => f.code === "UNKNOWN_MALFORMED_ENTRY");
        expect(swallowed?.args, "an exception was swallowed").toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it("an allowed verdict has no CORS error, no failedParameter and no error finding", () => {
    fc.assert(
      fc.property(anyExchange, (x) => {
        const d = diagnose(x);
        if (d.verdict !== "allowed") return;
        expect(d.corsError).toBeNull();
        expect(d.failedParameter).toBeNull();
        expect(d.findings.filter((f) => f.severity === "error")).toEqual([]);
        expect(d.unknownReasons).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("a CORS error always comes with a string failedParameter, and only on blocked verdicts", () => {
    fc.assert(
      fc.property(anyExchange, (x) => {
        const d = diagnose(x);
        if (d.corsError !== null) {
          expect(d.verdict).toBe("blocked");
          expect(typeof d.failedParameter).toBe("string");
        } else {
          expect(d.failedParameter).toBeNull();
        }
        if (d.verdict === "unknown") expect(d.unknownReasons.length).toBeGreaterThan(0);
        else expect(d.unknownReasons).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("the hop index points into the exchange", () => {
    fc.assert(
      fc.property(anyExchange, (x) => {
        const d = diagnose(x);
        expect(d.hop).toBeGreaterThanOrEqual(0);
        if (x.hops.length > 0) expect(d.hop).toBeLessThan(x.hops.length);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// HAR documents

function diagnoseAll(doc: unknown): void {
  const result = readHar(doc);
  if (!result.ok) {
    expect(typeof result.message).toBe("string");
    return;
  }
  for (const captured of result.exchanges) {
    const d = diagnose(captured.exchange);
    checkShape(d);
    if (captured.exchange.malformed.length > 0) {
      expect(d.verdict).toBe("unknown");
      expect(d.unknownReasons).toContain("UNKNOWN_MALFORMED_ENTRY");
    }
  }
}

const harHeader = fc.oneof(
  { weight: 6, arbitrary: fc.record({ name: headerName, value: headerValue }) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

/** A field that is usually valid and sometimes corrupted (any JSON value) or missing. */
function corruptible<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const harEntry = fc.record(
  {
    startedDateTime: corruptible(
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }).map((ms) => new Date(ms).toISOString()),
    ),
    time: corruptible(fc.double({ min: 0, max: 1000, noNaN: true })),
    _resourceType: corruptible(fc.constantFrom("fetch", "xhr", "preflight", "document", "script", "other")),
    _initiator: corruptible(fc.record({ type: fc.constantFrom("script", "preflight", "other") })),
    serverIPAddress: corruptible(fc.constantFrom("", "127.0.0.1", "192.168.1.2", "8.8.8.8")),
    pageref: corruptible(fc.constant("page_1")),
    request: corruptible(
      fc.record({
        method: corruptible(method),
        url: corruptible(url),
        httpVersion: corruptible(fc.constantFrom("HTTP/1.1", "h2", "", "http/1.1")),
        headers: corruptible(fc.array(harHeader, { maxLength: 6 })),
        headersSize: corruptible(fc.integer({ min: -1, max: 4000 })),
      }),
    ),
    response: corruptible(
      fc.record({
        status: corruptible(status),
        statusText: corruptible(anyString),
        httpVersion: corruptible(fc.constantFrom("HTTP/1.1", "h2", "")),
        headers: corruptible(fc.array(harHeader, { maxLength: 6 })),
        redirectURL: corruptible(fc.oneof(fc.constant(""), url)),
        _error: corruptible(fc.option(fc.constantFrom("net::ERR_FAILED", "net::ERR_ABORTED", "net::ERR_FAILED x"))),
      }),
    ),
  },
  { requiredKeys: [] },
);

const harDocument = fc.record(
  {
    log: corruptible(
      fc.record(
        {
          version: corruptible(fc.constant("1.2")),
          creator: corruptible(fc.record({ name: fc.constantFrom("WebInspector", "Firefox"), version: fc.string() })),
          pages: corruptible(fc.array(fc.record({ id: fc.constant("page_1"), title: url }), { maxLength: 2 })),
          entries: corruptible(fc.array(corruptible(harEntry), { maxLength: 8 })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe("readHar + diagnose", { timeout: 60_000 }, () => {
  it("never throw on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        diagnoseAll(doc);
      }),
      { numRuns: 300 },
    );
  });

  it("never throw on HAR-shaped documents with corrupted fields", () => {
    fc.assert(
      fc.property(harDocument, (doc) => {
        diagnoseAll(doc);
      }),
      { numRuns: 500 },
    );
  });

  it("never throw on a bare log (getHAR() shape) with corrupted entries", () => {
    fc.assert(
      fc.property(fc.array(corruptible(harEntry), { maxLength: 8 }), (entries) => {
        diagnoseAll({ version: "1.2", creator: { name: "WebInspector", version: "537.36" }, entries });
      }),
      { numRuns: 300 },
    );
  });

  it("builds no more exchanges than there are entries", () => {
    fc.assert(
      fc.property(fc.array(harEntry, { maxLength: 8 }), (entries) => {
        const result = readHar({ log: { entries } });
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.exchanges.length).toBeLessThanOrEqual(entries.length);
      }),
      { numRuns: 300 },
    );
  });
});
