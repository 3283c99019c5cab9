/**
 * The words read once: no headline repeats its own prefix ("Blocked at the preflight: Preflight: …"),
 * no explanation opens with its own title ("The connection failed: The connection failed (…)"), and
 * the answers name what the user actually gave. Each test here was written against a slip the panel
 * or the CLI once printed.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { auditProbes } from "../../src/cli/audit.js";
import { CODE_INFO, DIAGNOSIS_CODES, type DiagnosisCode } from "../../src/engine/diagnosis/codes.js";
import { ALL_CORS_ERRORS, isPreflightPrefixedError } from "../../src/engine/fetch/cors-error.js";
import { diagnose } from "../../src/engine/index.js";
import type { Diagnosis, Exchange, Leg } from "../../src/engine/types.js";
import { blockedHeadline } from "../../src/explain/format.js";
import {
  AUDIT_TEXT,
  answerQuestions,
  CODE_TEXT,
  CORS_ERROR_TEXT,
  headline,
  pasteCandidatesIntro,
  pasteUnmatchedNote,
} from "../../src/explain/index.js";
import { buildExchange, loadCaseFiles } from "../engine/case-builder.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");

/** The prefix's words (four letters or more) that come back after its colon. */
function repeatedWords(text: string): string[] {
  const colon = text.indexOf(": ");
  if (colon < 0) return [];
  const words = (part: string) =>
    part
      .toLowerCase()
      .split(/[^a-z0-9'-]+/)
      .filter((word) => word.length >= 4);
  const prefix = new Set(words(text.slice(0, colon)));
  return words(text.slice(colon + 2)).filter((word) => prefix.has(word));
}

function harExchanges(file: string): Exchange[] {
  const json = JSON.parse(readFileSync(file, "utf8")) as { har?: unknown };
  const read = readHar(json.har ?? json);
  if (!read.ok) throw new Error(`${file}: ${read.message}`);
  return read.exchanges.map((captured) => captured.exchange);
}

/** Every diagnosis the engine cases and the recorded lab and HAR fixtures produce. */
function corpus(): Diagnosis[] {
  const diagnoses: Diagnosis[] = [];
  for (const file of loadCaseFiles()) for (const c of file.cases) diagnoses.push(diagnose(buildExchange(c)));
  for (const [dir, ext] of [
    ["lab", ".json"],
    ["har", ".har"],
  ] as const) {
    for (const name of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith(ext)))
      for (const exchange of harExchanges(join(FIXTURES, dir, name))) diagnoses.push(diagnose(exchange));
  }
  return diagnoses;
}

/** The verdict a code leads, by its kind (the corpus holds the real ones; this covers every code). */
function verdictOf(code: DiagnosisCode): Diagnosis["verdict"] {
  if (code.startsWith("NOT_CORS_")) return "not-cors";
  if (code.startsWith("UNKNOWN_") || code === "BLOCKED_IF_CREDENTIALED" || code === "CREDENTIALS_MODE_UNKNOWN")
    return "unknown";
  if (CODE_INFO[code].severity === "error") return "network-error";
  return "blocked";
}

/** Just enough of a Diagnosis for headline(): one finding, no CORS error. */
function ledBy(code: DiagnosisCode): Diagnosis {
  return {
    verdict: verdictOf(code),
    corsError: null,
    failedParameter: null,
    leg: null,
    hop: 0,
    findings: [{ code, severity: CODE_INFO[code].severity, args: {}, evidence: [] }],
    unknownReasons: [code],
  } as unknown as Diagnosis;
}

describe("no headline repeats its own prefix", () => {
  it("in every diagnosis of the engine cases and the recorded fixtures", { timeout: 60_000 }, () => {
    const stutters = new Map<string, string[]>();
    for (const diagnosis of corpus()) {
      const text = headline(diagnosis);
      const repeated = repeatedWords(text);
      if (repeated.length > 0) stutters.set(text, repeated);
    }
    expect([...stutters]).toEqual([]);
  });

  it.each([...DIAGNOSIS_CODES])("led by %s", (code) => {
    const text = headline(ledBy(code));
    expect(repeatedWords(text), text).toEqual([]);
    // Acronyms keep their case ("CORS", "TLS", "WebSocket", "URL").
    expect(text).not.toMatch(/(?<!no-)\bcors\b|\btls\b|\burl\b|websocket/);
  });

  it.each([...ALL_CORS_ERRORS])("blocked with %s, at every leg it can fail on", (name) => {
    const legs: Leg[] = isPreflightPrefixedError(name) ? ["preflight"] : ["preflight", "actual", "redirect"];
    for (const leg of legs) {
      const text = blockedHeadline(name, leg);
      expect(repeatedWords(text), text).toEqual([]);
      expect(text).not.toMatch(/: Preflight: /);
    }
  });

  it("says the preflight once for a preflight without Access-Control-Allow-Origin", () => {
    expect(blockedHeadline("PreflightMissingAllowOriginHeader", "preflight")).toBe(
      "Blocked at the preflight: No Access-Control-Allow-Origin header.",
    );
  });
});

describe("no explanation opens with its own title", () => {
  // The whole title, then a word break: "WebSockets are …" after "WebSocket" is not a repeat.
  const opens = (explanation: string, title: string) =>
    explanation.toLowerCase().startsWith(title.toLowerCase()) && !/\w/.test(explanation.charAt(title.length));
  it.each([...DIAGNOSIS_CODES])("%s", (code) => {
    const text = CODE_TEXT[code];
    const explanation = text.explain({ errorText: "net::ERR_CONNECTION_REFUSED" } as never);
    expect(opens(explanation, text.title), explanation).toBe(false);
  });
  it.each([...ALL_CORS_ERRORS])("%s", (name) => {
    const text = CORS_ERROR_TEXT[name];
    expect(opens(text.explain("x-custom"), text.title)).toBe(false);
  });
});

describe("the five answers", () => {
  const sample = harExchanges(join(FIXTURES, "har/chromium-156-sample.har"));
  const byPath = (path: string) => {
    const exchange = sample.find((e) => e.hops[0]?.request.url.endsWith(path));
    if (!exchange) throw new Error(`no ${path} in the sample`);
    return diagnose(exchange);
  };

  it("blames the status of a preflight answered 404, not its CORS headers", () => {
    const diagnosis = byPath("/pf404");
    const preflight = answerQuestions(diagnosis)[3];
    expect(preflight?.answer).toContain("OPTIONS with 404");
    expect(preflight?.answer).toContain("2xx");
    expect(preflight?.answer).not.toContain("CORS headers do not allow");
  });

  it("name the probe's own options as the source, never 'you'", () => {
    const exchange = sample.find((e) => e.hops[0]?.request.url.endsWith("/pf404"));
    if (!exchange) throw new Error("no /pf404");
    const probed: Exchange = {
      ...exchange,
      initiatorOrigin: { value: "http://127.0.0.1:8781", source: "user", inferred: false },
      credentialsMode: { value: "same-origin", source: "user", inferred: false },
    };
    const answers = answerQuestions(diagnose(probed)).map((a) => a.answer);
    expect(answers[0]).toBe("http://127.0.0.1:8781 (from --origin).");
    expect(answers[4]).toMatch(/^No \(probed without --credentials\)\./);
    const withCredentials = answerQuestions(
      diagnose({ ...probed, credentialsMode: { value: "include", source: "user", inferred: false } }),
    );
    expect(withCredentials[4]?.answer).toMatch(/^Yes \(from --credentials\)\./);
    for (const answer of [...answers, ...withCredentials.map((a) => a.answer)])
      expect(answer).not.toMatch(/\byou\)|from you/);
  });
});

describe("audit findings", () => {
  it.each(["prefix-match", "suffix-match"] as const)("%s: the example is an origin audit really sends", (kind) => {
    const sent = auditProbes("https://app.example")
      .filter((probe) => probe.class === kind)
      .map((probe) => new URL(probe.origin).host);
    const example = /such as (\S+) for app\.example/.exec(AUDIT_TEXT[kind].explain)?.[1];
    expect(sent).toContain(example);
  });
});

describe("a pasted console message", () => {
  it("never says the captured request tells, then that there is none", () => {
    const unmatched = [pasteCandidatesIntro(3, false), pasteUnmatchedNote(3, false)].filter(Boolean).join(" ");
    expect(unmatched).toContain("no captured request has this URL");
    expect(unmatched).not.toMatch(/captured request (tells|does)/);
    expect(unmatched.match(/captured request/g)).toHaveLength(1);
    expect(pasteCandidatesIntro(3, true)).toContain("the captured request with this URL does");
    expect(pasteUnmatchedNote(3, true)).toBeNull();
    expect(pasteCandidatesIntro(1, false)).toBeNull();
    expect(pasteUnmatchedNote(1, false)).toContain("No captured request has this URL");
  });
});
