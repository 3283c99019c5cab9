/**
 * A fetch() in mode "no-cors" against a CORS request, from Chromium's recorded getHAR() entries
 * (test/fixtures/lab, issue 11). Every row is a recorded lab fixture, some with one recorded fact
 * changed, and says what the mode inference (capture/mode.ts) and the verdict must be.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_DIR } from "../../lab/scenario.js";
import { readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";

interface HarHeader {
  name: string;
  value: string;
}
interface HarEntry {
  _resourceType?: string;
  request: { method: string; url: string; httpVersion: string; headers: HarHeader[]; headersSize: number };
  response: { status: number; headers: HarHeader[]; _error: string | null };
}
interface Fixture {
  har: { log: { entries: HarEntry[] } };
  truth: { url: string; method: string; outcome: string }[];
}

interface Row {
  readonly name: string;
  readonly fixture: string;
  /** One recorded fact changed on the entry of the request Chromium reported. */
  readonly change?: (entry: HarEntry) => void;
  /** The inferred mode (`value/source`), or null when the capture cannot tell. */
  readonly mode: string | null;
  readonly verdict: string;
  readonly code: string | null;
}

/** DevTools' first copy: only the headers Blink set (no Host, Accept-Encoding, Connection). */
const provisional = (entry: HarEntry) => {
  entry.request.headers = entry.request.headers.filter(
    (h) => !["host", "accept-encoding", "connection", "accept-language"].includes(h.name.toLowerCase()),
  );
  entry.request.headersSize = -1;
  entry.request.httpVersion = "http/1.1";
};
const addResponseHeader = (name: string, value: string) => (entry: HarEntry) => {
  entry.response.headers.push({ name, value });
};

const ROWS: readonly Row[] = [
  // Chromium: not-cors. ERR_ABORTED with a real status and no ACAO: a CORS request cannot end so.
  {
    name: "no-cors POST, 204 and Content-Type: application/json, ERR_ABORTED",
    fixture: "fuzz-no-cors-post-json-204",
    mode: "no-cors/opaque-response",
    verdict: "not-cors",
    code: "NOT_CORS_NO_CORS_MODE",
  },
  {
    name: "no-cors form POST, 204, ERR_ABORTED",
    fixture: "no-cors-post-form",
    mode: "no-cors/opaque-response",
    verdict: "not-cors",
    code: "NOT_CORS_NO_CORS_MODE",
  },
  {
    name: "no-cors GET of JSON (ORB), provisional headers, ERR_ABORTED",
    fixture: "no-cors-json-orb",
    mode: "no-cors/opaque-response",
    verdict: "not-cors",
    code: "NOT_CORS_NO_CORS_MODE",
  },
  {
    name: "no-cors GET answered in full: no Origin",
    fixture: "no-cors-opaque",
    mode: "no-cors/no-origin-header",
    verdict: "not-cors",
    code: "NOT_CORS_NO_CORS_MODE",
  },
  // Chromium: not-cors, and a CORS POST that passed records the same entry: unknown, never allowed.
  {
    name: "no-cors POST answered 200 with a matching ACAO",
    fixture: "fuzz-no-cors-post-acao-matches",
    mode: null,
    verdict: "unknown",
    code: "UNKNOWN_REQUEST_MODE",
  },
  {
    name: "the same, as DevTools' provisional first copy",
    fixture: "fuzz-no-cors-post-acao-matches",
    change: provisional,
    mode: null,
    verdict: "unknown",
    code: "UNKNOWN_REQUEST_MODE",
  },
  // Chromium: allowed. The same shape as the no-cors POST above, so unknown as well.
  {
    name: "CORS POST with text/plain, allowed",
    fixture: "allowed-text-plain-charset",
    mode: null,
    verdict: "unknown",
    code: "UNKNOWN_REQUEST_MODE",
  },
  // Chromium: allowed. DPR, Width, ... are not no-CORS-safelisted: a no-cors request drops them.
  {
    name: "CORS POST with client hints a no-cors request cannot carry, allowed",
    fixture: "allowed-safelisted-total-1024",
    mode: "cors/resource-type",
    verdict: "allowed",
    code: null,
  },
  {
    name: "CORS GET with Origin, allowed",
    fixture: "allowed-wildcard-without-credentials",
    mode: "cors/resource-type",
    verdict: "allowed",
    code: null,
  },
  {
    name: "CORS POST blocked at the preflight",
    fixture: "header-content-type-json",
    mode: "cors/resource-type",
    verdict: "blocked",
    code: null,
  },
  // Recorded facts changed: the rule's edges.
  {
    name: "ERR_ABORTED with a passing ACAO: a cancelled CORS request or an opaque answer",
    fixture: "fuzz-no-cors-post-json-204",
    change: addResponseHeader("Access-Control-Allow-Origin", "*"),
    mode: null,
    verdict: "unknown",
    code: "UNKNOWN_REQUEST_MODE",
  },
  {
    name: "ERR_ABORTED with an ACAO that fails the CORS check: only an opaque answer ends so",
    fixture: "fuzz-no-cors-post-json-204",
    change: addResponseHeader("Access-Control-Allow-Origin", "https://elsewhere.test"),
    mode: null,
    verdict: "not-cors",
    code: "NOT_CORS_NO_CORS_MODE",
  },
  {
    name: "ERR_ABORTED without ACAO but Sec-Fetch-Mode: cors recorded: a cancelled request",
    fixture: "fuzz-no-cors-post-json-204",
    change: (entry) => entry.request.headers.push({ name: "Sec-Fetch-Mode", value: "cors" }),
    mode: "cors/sec-fetch-mode",
    verdict: "network-error",
    code: "REQUEST_ABORTED",
  },
  {
    name: "a POST with a header no no-cors request can carry is CORS",
    fixture: "fuzz-no-cors-post-acao-matches",
    change: (entry) => entry.request.headers.push({ name: "X-Requested-With", value: "1" }),
    mode: "cors/resource-type",
    verdict: "allowed",
    code: null,
  },
  {
    name: "Sec-Fetch-Mode: no-cors settles it",
    fixture: "fuzz-no-cors-post-acao-matches",
    change: (entry) => entry.request.headers.push({ name: "Sec-Fetch-Mode", value: "no-cors" }),
    mode: "no-cors/sec-fetch-mode",
    verdict: "not-cors",
    code: "NOT_CORS_NO_CORS_MODE",
  },
];

function load(id: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${id}.json`), "utf8")) as Fixture;
}

describe("no-cors fetch() or CORS request, from Chromium's recorded entries", () => {
  it.each(ROWS)("$name ($fixture)", (row) => {
    const fixture = load(row.fixture);
    const item = fixture.truth[0];
    if (!item) throw new Error(`${row.fixture}: no truth`);
    const entry = fixture.har.log.entries.find((e) => e.request.url === item.url && e.request.method === item.method);
    if (!entry) throw new Error(`${row.fixture}: no entry for ${item.method} ${item.url}`);
    row.change?.(entry);

    const read = readHar(fixture.har);
    if (!read.ok) throw new Error(read.message);
    const exchange = read.exchanges.find(
      (e) => e.hopEntries[0]?.url === item.url && e.hopEntries[0]?.method === item.method,
    );
    if (!exchange) throw new Error(`${row.fixture}: no exchange`);
    const { mode, modeUnknownReason } = exchange.exchange;
    const diagnosis = diagnose(exchange.exchange);

    expect(mode ? `${mode.value}/${mode.source}` : null).toBe(row.mode);
    if (row.mode === null) expect(modeUnknownReason).toMatch(/no-cors/);
    expect(diagnosis.verdict).toBe(row.verdict);
    if (row.verdict !== "blocked") expect(diagnosis.corsError).toBeNull();
    if (row.code) expect(diagnosis.findings.map((f) => f.code)).toContain(row.code);
  });
});
