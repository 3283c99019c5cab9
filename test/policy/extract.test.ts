/**
 * `har --emit-policy`'s extraction (src/policy/extract.ts) over real captures: every cross-origin
 * request the app tried is a rule to allow, the scanners' origins are rules to block, and nothing
 * from the capture but origins, methods, paths and header names reaches the file.
 */

import { describe, expect, it } from "vitest";
import { POLICY_SCHEMA_URL, type PolicyFile } from "../../src/policy/index.js";
import { HAR_FILES, harDocument, LAB_FILES, labDocument, policyOf } from "./fixtures.js";

const allowRules = (policy: PolicyFile) => policy.servers.flatMap((s) => s.allow);
const blockRules = (policy: PolicyFile) => policy.servers.flatMap((s) => s.block);

interface HarRequest {
  readonly url?: unknown;
  readonly headers?: ReadonlyArray<{ readonly name?: unknown; readonly value?: unknown }>;
}

/** The requests of a HAR document (some tools write the log without its wrapper; some entries are malformed). */
function requestsOf(document: unknown): Array<{ url: string; headers: Array<{ name: string; value: string }> }> {
  const log = ((document as { log?: unknown }).log ?? document) as { entries?: Array<{ request?: HarRequest }> };
  return (log.entries ?? []).map((entry) => ({
    url: typeof entry?.request?.url === "string" ? entry.request.url : "",
    headers: (Array.isArray(entry?.request?.headers) ? entry.request.headers : []).flatMap((h) =>
      typeof h?.name === "string" && typeof h.value === "string" ? [{ name: h.name, value: h.value }] : [],
    ),
  }));
}

describe("policy extraction from lab fixtures (recorded in Chromium)", { timeout: 60_000 }, () => {
  it("a preflighted PUT with two custom headers: one allow rule with both names, the scanners' origins to block", () => {
    const policy = policyOf(labDocument("acah-space-separated.json"), "acah-space-separated.json");
    expect(policy.$schema).toBe(POLICY_SCHEMA_URL);
    expect(policy.version).toBe(1);
    expect(policy.capture).toEqual({ file: "acah-space-separated.json", producer: "chromium" });
    expect(policy.servers).toHaveLength(1);
    const [server] = policy.servers;
    expect(server?.server).toBe("http://api.test:47812");
    expect(server?.anyOrigin).toBe(false);
    expect(server?.allow).toEqual([
      {
        origin: "http://app.test:47811",
        method: "PUT",
        path: "/v1/items/42",
        headers: ["authorization", "content-type"],
        credentials: false,
      },
    ]);
    const classes = new Set(server?.block.map((b) => b.class));
    expect(classes).toContain("arbitrary-origin");
    expect(classes).toContain("null-origin");
    expect(classes).toContain("special-character");
    expect(server?.block.map((b) => b.origin)).toContain("null");
    // A block rule is sent as the app's own request, only from the forbidden origin.
    for (const rule of server?.block ?? []) {
      expect(rule.method).toBe("PUT");
      expect(rule.path).toBe("/v1/items/42");
      expect(rule.origin).not.toBe("http://app.test:47811");
    }
  });

  it("a blocked request is needed as much as an allowed one (what the app tried is what it needs)", () => {
    const policy = policyOf(labDocument("preflight-404-without-cors.json"), "x.json");
    expect(allowRules(policy)).toHaveLength(1);
    expect(allowRules(policy)[0]?.method).toBe("PUT");
  });

  it("credentials: the rule asks for them, and block rules are sent with them", () => {
    const policy = policyOf(labDocument("credentials-wildcard.json"), "x.json");
    expect(allowRules(policy)[0]?.credentials).toBe(true);
    expect(policy.servers[0]?.anyOrigin).toBe(false);
    expect(blockRules(policy).every((rule) => rule.credentials)).toBe(true);
  });

  it("a public API that works with '*' and no credentials: any origin may read it, nothing listed to block", () => {
    const policy = policyOf(labDocument("allowed-wildcard-without-credentials.json"), "x.json");
    expect(policy.servers[0]?.anyOrigin).toBe(true);
    expect(blockRules(policy)).toEqual([]);
    expect(allowRules(policy)).toHaveLength(1);
  });

  it("every lab fixture gives rules whose origins are cross-origin to their server", () => {
    let rules = 0;
    for (const file of LAB_FILES) {
      const policy = policyOf(labDocument(file), file);
      for (const server of policy.servers) {
        for (const rule of server.allow) {
          rules++;
          expect(rule.origin, file).not.toBe(server.server);
          expect(rule.origin, file).not.toBe("null");
        }
        const allowed = new Set(server.allow.map((r) => r.origin));
        for (const rule of server.block) expect(allowed.has(rule.origin), `${file}: ${rule.origin}`).toBe(false);
      }
    }
    expect(rules).toBeGreaterThan(100);
  });
});

describe("policy extraction from HAR fixtures (DevTools, Firefox, Playwright, mitmproxy, ...)", {
  timeout: 60_000,
}, () => {
  it("the sample capture: one rule per distinct request, no duplicates", () => {
    const policy = policyOf(harDocument("chromium-156-sample.har"), "chromium-156-sample.har");
    expect(policy.servers.map((s) => s.server)).toEqual(["http://127.0.0.1:8782"]);
    const keys = allowRules(policy).map((r) => JSON.stringify(r));
    expect(new Set(keys).size).toBe(keys.length);
    expect(allowRules(policy)).toContainEqual({
      origin: "http://127.0.0.1:8781",
      method: "PUT",
      path: "/pfnoheaders",
      headers: ["authorization", "content-type"],
      credentials: false,
    });
  });

  it("repeated requests collapse into one rule each", () => {
    const document = harDocument("repeated-requests.har");
    const policy = policyOf(document, "repeated-requests.har");
    expect(allowRules(policy).length).toBeGreaterThan(0);
    expect(allowRules(policy).length).toBeLessThan(requestsOf(document).length);
  });

  it.each(HAR_FILES)("%s: no query string, no header value, only names", (file) => {
    const document = harDocument(file);
    const policy = policyOf(document, file);
    const text = JSON.stringify(policy);
    for (const rule of [...allowRules(policy), ...blockRules(policy)]) {
      expect(rule.path).not.toMatch(/[?#]/);
      for (const name of rule.headers) expect(name).toMatch(/^[a-z0-9!#$%&'*+.^_`|~-]+$/);
    }
    // No header value from the capture appears in the file (short ones could by chance; the ones
    // that only name origins, hosts or header names are what the file is made of).
    const NAMES_ONLY = /^(host|:authority|:path|origin|access-control-request-(headers|method))$/i;
    for (const entry of requestsOf(document)) {
      for (const header of entry.headers) {
        if (header.value.length >= 12 && !NAMES_ONLY.test(header.name))
          expect(text.includes(JSON.stringify(header.value).slice(1, -1)), `${file}: ${header.name}`).toBe(false);
      }
      const query = entry.url.split("?")[1];
      if (query && query.length >= 4) expect(text.includes(query), `${file}: query of ${entry.url}`).toBe(false);
    }
    expect(policy.capture.file).toBe(file);
  });
});
