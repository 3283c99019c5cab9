/**
 * Real-world HAR variants through capture and engine: Chromium over HTTP/2, Edge, an older Chrome,
 * Firefox, the Chromium 156 sample, malformed entries, onRequestFinished arrival order, and
 * repeated identical requests. Expected results live next to each HAR as `<name>.expected.json`.
 */

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CapturedExchange, normalizeHarEntry, readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import type { Diagnosis } from "../../src/engine/types.js";
import { answerQuestions, describeMode, explainDiagnosis } from "../../src/explain/index.js";

const HAR_DIR = new URL("../fixtures/har/", import.meta.url);

interface ExpectedExchange {
  readonly method: string;
  readonly url: string;
  /** Which of several exchanges with the same method and first URL, in start order. */
  readonly nth?: number;
  /** The URL of every hop, when the exchange must have several. */
  readonly hops?: readonly string[];
  /** Per hop: the status of the paired preflight, or null when none was paired. */
  readonly preflights?: readonly (number | null)[];
  readonly initiatorOrigin?: string;
  /** Where the page origin came from (`origin-header`, `referer`, ...). */
  readonly originSource?: string;
  readonly mode?: string;
  readonly credentialsSource?: string;
  readonly preflightRequired?: boolean;
  readonly verdict: string;
  readonly corsError?: string | null;
  readonly failedParameter?: string | null;
  readonly leg?: string | null;
  readonly hop?: number;
  readonly codes?: readonly string[];
  readonly absentCodes?: readonly string[];
  readonly unknownReasons?: readonly string[];
  /** The five questions' preflight state (`unknown`: the producer never records preflights). */
  readonly preflightState?: string;
  /** Words each expected among the explanations and answers (producer-specific advice). */
  readonly advice?: readonly string[];
  /** Words never expected there (another producer's advice). */
  readonly absentAdvice?: readonly string[];
  /** Where the mode came from (`sec-fetch-mode`, `resource-type`, ...), and its line with the five questions. */
  readonly modeSource?: string;
  readonly modeText?: string;
}

interface ExpectedFile {
  readonly description: string;
  readonly creator: string;
  /** What capture/producer.ts makes of the file. */
  readonly producer: string;
  readonly exchanges: readonly ExpectedExchange[];
}

function loadJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, HAR_DIR), "utf8"));
}

interface Diagnosed {
  readonly captured: CapturedExchange;
  readonly diagnosis: Diagnosis;
}

function diagnoseDocument(document: unknown): Diagnosed[] {
  const result = readHar(document);
  if (!result.ok) throw new Error(result.message);
  return result.exchanges.map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }));
}

function firstHop(d: Diagnosed): { method: string; url: string } {
  const hop = d.captured.exchange.hops[0];
  return { method: hop?.request.method ?? "", url: hop?.request.url ?? "" };
}

function summary(d: Diagnosed): string {
  const { diagnosis: x } = d;
  const { method, url } = firstHop(d);
  return `${method} ${url}: ${x.verdict} ${x.corsError} ${JSON.stringify(x.failedParameter)} leg=${x.leg} hop=${x.hop} [${x.findings
    .map((f) => f.code)
    .join(
      ",",
    )}] preflights=${JSON.stringify(d.captured.exchange.hops.map((h) => h.preflight?.response.status ?? null))}`;
}

/** Checks every expected row against the diagnosed exchanges (and that there are no others). */
function checkAgainst(diagnosed: readonly Diagnosed[], expected: ExpectedFile): void {
  const all = diagnosed.map(summary).join("\n");
  expect(diagnosed.length, `exchanges:\n${all}`).toBe(expected.exchanges.length);
  for (const want of expected.exchanges) {
    const matching = diagnosed.filter((d) => {
      const { method, url } = firstHop(d);
      return method === want.method && url === want.url;
    });
    const got = matching[want.nth ?? 0];
    const label = `${want.method} ${want.url}${want.nth !== undefined ? ` #${want.nth}` : ""}`;
    expect(got, `${label} not found in:\n${all}`).toBeDefined();
    if (!got) continue;
    const { diagnosis, captured } = got;
    const context = `${label}\n  got ${summary(got)}`;
    expect(diagnosis.verdict, context).toBe(want.verdict);
    expect(diagnosis.corsError, context).toBe(want.corsError ?? null);
    if (want.failedParameter !== undefined) expect(diagnosis.failedParameter, context).toBe(want.failedParameter);
    if (want.leg !== undefined) expect(diagnosis.leg, context).toBe(want.leg);
    if (want.hop !== undefined) expect(diagnosis.hop, context).toBe(want.hop);
    if (want.hops !== undefined)
      expect(
        captured.exchange.hops.map((h) => h.request.url),
        context,
      ).toEqual(want.hops);
    if (want.preflights !== undefined) {
      expect(
        captured.exchange.hops.map((h) => h.preflight?.response.status ?? null),
        context,
      ).toEqual(want.preflights);
    }
    if (want.initiatorOrigin !== undefined)
      expect(diagnosis.questions.origin.value, context).toBe(want.initiatorOrigin);
    if (want.originSource !== undefined) expect(diagnosis.questions.origin.source, context).toBe(want.originSource);
    if (want.mode !== undefined) expect(captured.exchange.mode?.value, context).toBe(want.mode);
    if (want.credentialsSource !== undefined) {
      expect(diagnosis.questions.credentials.source, context).toBe(want.credentialsSource);
    }
    if (want.preflightRequired !== undefined) {
      expect(diagnosis.questions.preflight.required, context).toBe(want.preflightRequired);
    }
    const codes = diagnosis.findings.map((f) => f.code as string);
    for (const code of want.codes ?? []) expect(codes, context).toContain(code);
    for (const code of want.absentCodes ?? []) expect(codes, context).not.toContain(code);
    if (want.unknownReasons !== undefined) expect(diagnosis.unknownReasons, context).toEqual(want.unknownReasons);
    if (want.preflightState !== undefined)
      expect(diagnosis.questions.preflight.state, context).toBe(want.preflightState);
    const words = [
      ...explainDiagnosis(diagnosis).map((item) => item.text),
      ...answerQuestions(diagnosis).map((answer) => answer.answer),
    ].join("\n");
    for (const advice of want.advice ?? []) expect(words, context).toContain(advice);
    for (const advice of want.absentAdvice ?? []) expect(words, context).not.toContain(advice);
    if (want.modeSource !== undefined) expect(diagnosis.questions.mode.source, context).toBe(want.modeSource);
    if (want.modeText !== undefined) expect(describeMode(diagnosis), context).toBe(want.modeText);
  }
}

const fixtures = readdirSync(HAR_DIR)
  .filter((name) => name.endsWith(".har"))
  .sort();

describe("HAR fixtures: every .har has its .expected.json", () => {
  it("pairs them up", () => {
    const expectedFiles = readdirSync(HAR_DIR).filter((name) => name.endsWith(".expected.json"));
    expect(fixtures.map((name) => name.replace(/\.har$/, ".expected.json")).sort()).toEqual(expectedFiles.sort());
  });
});

describe.each(fixtures)("%s", (name) => {
  const expected = loadJson(name.replace(/\.har$/, ".expected.json")) as ExpectedFile;
  const document = loadJson(name);

  it("matches the expected result of every exchange", () => {
    checkAgainst(diagnoseDocument(document), expected);
  });

  it("records the creator, and tells the producer from it", () => {
    const result = readHar(document);
    expect(result.ok && result.log.creator.name).toBe(expected.creator);
    expect(result.ok && result.producer.kind).toBe(expected.producer);
  });

  it("shows the request's mode with the five questions on every exchange", () => {
    for (const { diagnosis } of diagnoseDocument(document))
      expect(describeMode(diagnosis)).toMatch(/^mode: \S+ (—|\()/);
  });
});

// ---------------------------------------------------------------------------------------------
// Variant-specific checks

describe("HTTP/2 pseudo-headers", () => {
  const document = loadJson("h2-pseudo-headers.har");

  it("are dropped from normalized entries, which are not provisional", () => {
    const result = readHar(document);
    if (!result.ok) throw new Error(result.message);
    for (const entry of result.entries) {
      for (const header of [...entry.requestHeaders, ...entry.responseHeaders]) expect(header.name).not.toMatch(/^:/);
    }
    const api = result.entries.filter((e) => e.url.startsWith("https://api.test/") && e.status !== 0);
    expect(api.length).toBeGreaterThan(0);
    for (const entry of api) expect(entry.provisionalHeaders, `${entry.method} ${entry.url}`).toBe(false);
  });

  it("never appear as a preflight trigger", () => {
    for (const { diagnosis } of diagnoseDocument(document)) {
      for (const trigger of diagnosis.questions.preflight.triggers) {
        if (trigger.kind === "header-name" || trigger.kind === "header-value") expect(trigger.name).not.toMatch(/^:/);
      }
    }
  });
});

describe("Firefox HAR", () => {
  const document = loadJson("firefox.har");

  it("has no browser outcome, and a page title that is not a URL", () => {
    const result = readHar(document);
    if (!result.ok) throw new Error(result.message);
    expect(result.log.pages[0]?.title).toBe("My App");
    for (const entry of result.entries) expect(entry.outcome.state).toBe("unknown");
    expect(result.entries.filter((e) => e.isPreflight)).toHaveLength(2);
  });
});

describe("malformed input", () => {
  it("a document whose entries are not an array is rejected with a message", () => {
    for (const document of [
      { log: { entries: {} } },
      { log: { entries: "x" } },
      { log: null },
      { log: {} },
      {},
      null,
      42,
      "HAR",
      [],
    ]) {
      const result = readHar(document);
      expect(result.ok, JSON.stringify(document)).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/HAR/);
    }
  });

  it("an empty entry list gives no exchanges", () => {
    const result = readHar({ log: { entries: [] } });
    expect(result.ok && result.exchanges).toEqual([]);
  });

  it("each malformed entry is marked, with a reason", () => {
    const document = loadJson("malformed-entries.har") as { log: { entries: unknown[] } };
    const entries = document.log.entries.map((raw, index) => normalizeHarEntry(raw, index));
    const flagged = entries.filter((e) => e.malformed.length > 0);
    expect(flagged).toHaveLength(10);
    for (const entry of flagged) for (const reason of entry.malformed) expect(reason).toMatch(/\S/);
    expect(
      entries.filter((e) => e.url.startsWith("https://api.test/good/")).every((e) => e.malformed.length === 0),
    ).toBe(true);
  });

  it("a malformed entry carrying a preflight's shape does not pair with a good request", () => {
    const good = (loadJson("old-chrome.har") as { log: { entries: Record<string, unknown>[] } }).log.entries;
    const options = structuredClone(good[1]) as { response: { status: unknown } };
    options.response.status = "204";
    const diagnosed = diagnoseDocument({ log: { entries: [good[0], options] } });
    const put = diagnosed.find((d) => firstHop(d).method === "PUT");
    expect(put?.captured.exchange.hops[0]?.preflight).toBeNull();
  });
});

describe("onRequestFinished arrival order", () => {
  const document = loadJson("onrequestfinished-arrival.har") as { log: { entries: Record<string, unknown>[] } };
  const expected = loadJson("onrequestfinished-arrival.expected.json") as ExpectedFile;
  const entries = document.log.entries;
  const isOptions = (e: Record<string, unknown>) => (e.request as { method?: string }).method === "OPTIONS";

  const orders: Array<[string, Record<string, unknown>[]]> = [
    ["as delivered", entries],
    ["reversed", [...entries].reverse()],
    ["every OPTIONS first", [...entries.filter(isOptions), ...entries.filter((e) => !isOptions(e))]],
    ["every OPTIONS last", [...entries.filter((e) => !isOptions(e)), ...entries.filter(isOptions)]],
    ["rotated", [...entries.slice(7), ...entries.slice(0, 7)]],
  ];

  it.each(orders)("pairs and diagnoses the same: %s", (_label, order) => {
    checkAgainst(diagnoseDocument({ log: { entries: order } }), expected);
  });

  it("pairs the same without any timestamps", () => {
    const stripped = entries.map((e) => {
      const copy = structuredClone(e);
      delete copy.startedDateTime;
      return copy;
    });
    checkAgainst(diagnoseDocument({ log: { entries: stripped } }), expected);
    checkAgainst(diagnoseDocument({ log: { entries: [...stripped].reverse() } }), expected);
  });

  it("an incomplete early copy of a response-check failure is superseded by the full one (browser-facts §2.6a)", () => {
    const nocreds = entries.find((e) => (e.request as { url: string }).url.endsWith("/nocreds"));
    if (!nocreds) throw new Error("sample changed");
    const early = structuredClone(nocreds) as { response: { status: number; headers: unknown[] } };
    early.response.status = 0;
    early.response.headers = [];
    for (const order of [
      [early, ...entries],
      [...entries, early],
    ]) {
      checkAgainst(diagnoseDocument({ log: { entries: order } }), expected);
    }
  });
});
