import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import {
  type BodySource,
  buildReport,
  RENDERERS,
  REPORT_SCHEMA_VERSION,
  type ReportFormat,
} from "../../src/report/index.js";

const HAR = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/har/canaries.har"), "utf8")) as {
  log: {
    entries: Array<{
      request: { url: string; postData?: { text?: string } };
      response: { content?: { text?: string } };
    }>;
  };
};

const HEADER_CANARIES = [
  "CANARY_AUTHORIZATION",
  "CANARY_API_KEY_HEADER",
  "CANARY_PROXY_AUTH",
  "CANARY_SESSION_TOKEN",
  "CANARY_COOKIE",
  "CANARY_SET_COOKIE",
  "CANARY_SET_COOKIE_2",
  "CANARY_QUERY_TOKEN",
  "CANARY_QUERY_APIKEY",
  "CANARY_URL_PASSWORD",
  "CANARY_REFERER_TOKEN",
];
const BODY_CANARIES = ["CANARY_REQUEST_BODY", "CANARY_RESPONSE_BODY"];

function items() {
  const read = readHar(HAR);
  if (!read.ok) throw new Error(read.message);
  return read.exchanges
    .filter((x) => x.exchange.hops[0]?.request.method !== "OPTIONS")
    .map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }));
}

/** Bodies from the raw HAR, matched by the exchange's first URL (what the CLI does). */
const bodies: BodySource = (captured) => {
  const url = captured.exchange.hops[0]?.request.url;
  const entry =
    HAR.log.entries.find((e) => e.request.url === url && e.request.postData !== undefined) ??
    HAR.log.entries.find((e) => e.request.url === url);
  return entry
    ? { request: entry.request.postData?.text ?? null, response: entry.response.content?.text ?? null }
    : null;
};

const ENV = {
  browser: "Chrome/156.0.8078.79",
  tool: "cors-doctor 0.1.0 (test)",
  captureMode: "HAR file canaries.har",
  generatedAt: "2026-11-22T10:00:00.000Z",
};
const FORMATS = Object.keys(RENDERERS) as ReportFormat[];

describe.each(FORMATS)("%s report", (format) => {
  it("redacts every planted secret by default, and leaves bodies out", () => {
    const text = RENDERERS[format].render(buildReport(items(), ENV, undefined, bodies));
    for (const canary of [...HEADER_CANARIES, ...BODY_CANARIES]) expect(text, canary).not.toContain(canary);
    expect(text).toContain("[redacted]");
    // The diagnosis itself survives redaction.
    expect(text).toContain("PreflightWildcardOriginNotAllowed");
    expect(text).toContain("InvalidAllowCredentials");
    // Cookie names stay (they say which session was sent); values go.
    expect(text).toContain("session=[redacted]");
  });

  it("includes secrets only when asked, and bodies only when asked", () => {
    const withSecrets = RENDERERS[format].render(
      buildReport(items(), ENV, { includeSecrets: true, includeBodies: false, stack: "auto" }, bodies),
    );
    for (const canary of ["CANARY_AUTHORIZATION", "CANARY_COOKIE", "CANARY_QUERY_TOKEN", "CANARY_API_KEY_HEADER"])
      expect(withSecrets, canary).toContain(canary);
    for (const canary of BODY_CANARIES) expect(withSecrets, canary).not.toContain(canary);
    const withBodies = RENDERERS[format].render(
      buildReport(items(), ENV, { includeSecrets: false, includeBodies: true, stack: "auto" }, bodies),
    );
    for (const canary of BODY_CANARIES) expect(withBodies, canary).toContain(canary);
    for (const canary of HEADER_CANARIES) expect(withBodies, canary).not.toContain(canary);
  });

  it("holds the verdict, the five questions, both requests' headers, the causes, a fix, both curl commands and the environment", () => {
    const text = RENDERERS[format].render(buildReport(items(), ENV));
    for (const expected of [
      "What is my origin?",
      "Access-Control-Allow-Origin",
      "Access-Control-Request-Headers",
      "curl -i -X",
      "OPTIONS",
      "Chrome/156.0.8078.79",
      "HAR file canaries.har",
      "cors-doctor 0.1.0 (test)",
      // No stack is recognised: the exact headers lead, never a fallback stack labelled verified.
      format === "json" ? "headersToSend" : "stack was not recognised",
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain("Express (cors)");
  });
});

describe("JSON report", () => {
  it("has a schema version and parses", () => {
    const report = JSON.parse(RENDERERS.json.render(buildReport(items(), ENV))) as {
      schemaVersion: number;
      exchanges: unknown[];
      redacted: boolean;
    };
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.redacted).toBe(true);
    expect(report.exchanges).toHaveLength(2);
  });
});

describe("Markdown report", () => {
  it("keeps server text inside code, even with backticks, pipes and markup", () => {
    const hostile = JSON.parse(JSON.stringify(HAR)) as typeof HAR & {
      log: { entries: Array<{ response: { headers: Array<{ name: string; value: string }> } }> };
    };
    hostile.log.entries[2]?.response.headers.push({
      name: "X-Evil",
      value: "`` <img src=x onerror=alert(1)> | [link](javascript:alert(1))",
    });
    const read = readHar(hostile);
    if (!read.ok) throw new Error(read.message);
    const md = RENDERERS.md.render(
      buildReport(
        read.exchanges.map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) })),
        ENV,
      ),
    );
    const line = md.split("\n").find((l) => l.includes("X-Evil"));
    expect(line?.trim().startsWith("X-Evil:"), "inside a fenced http block").toBe(true);
    expect(md).not.toMatch(/^[^`\n]*<img/m);
  });
});
