/**
 * "Preview this fix": the proposed policy as a declarativeNetRequest session rule (pure JSON), and
 * the failures a header rewrite cannot show. Built from committed lab recordings.
 */

import { describe, expect, it } from "vitest";
import { diagnose, type Exchange } from "../../src/engine/index.js";
import { explainPreviewBlock } from "../../src/explain/index.js";
import { planFix } from "../../src/fixes/index.js";
import {
  applyPreviewRule,
  type FixPreview,
  fixPreviewRule,
  isPreviewBlock,
  type PreviewBlock,
  previewBlock,
  rewriteHeaders,
  urlRegex,
} from "../../src/fixes/preview-rule.js";
import { planFromScenario, recordedScenario } from "./plans.js";

function blockOf(id: string): PreviewBlock | null {
  const { exchange, diagnosis } = recordedScenario(id);
  return previewBlock(exchange, diagnosis, planFix(exchange, diagnosis));
}

function previewOf(id: string, pageOrigin?: string): FixPreview {
  const plan = planFromScenario(id);
  const built = fixPreviewRule({ plan, pageOrigin: pageOrigin ?? plan.policy.origins[0] ?? "", tabId: 7 });
  if (isPreviewBlock(built)) throw new Error(`${id}: ${built.code}`);
  return built;
}

describe("fixPreviewRule", () => {
  it("sets exactly the proposed preflight and response headers, scoped to the tab, the API and the page", () => {
    const { exchange, diagnosis } = recordedScenario("preflight-acao-duplicate-lines");
    expect(diagnosis.verdict).toBe("blocked");
    const plan = planFix(exchange, diagnosis);
    if (!plan) throw new Error("no plan");
    const origin = plan.policy.origins[0] as string;
    const api = new URL(plan.policy.apiOrigin);
    const built = fixPreviewRule({ plan, pageOrigin: origin, tabId: 42, ruleId: 9 });
    expect(built).toEqual({
      rule: {
        id: 9,
        priority: 1,
        action: {
          type: "modifyHeaders",
          responseHeaders: [
            // `set` replaces every line of the header: the duplicate ACAO goes.
            { header: "Access-Control-Allow-Origin", operation: "set", value: origin },
            { header: "Access-Control-Allow-Credentials", operation: "remove" },
            { header: "Access-Control-Allow-Methods", operation: "set", value: plan.policy.methods.join(", ") },
            { header: "Access-Control-Allow-Headers", operation: "set", value: plan.policy.headers.join(", ") },
            { header: "Access-Control-Max-Age", operation: "set", value: "0" },
            { header: "Vary", operation: "append", value: "Origin" },
          ],
        },
        condition: {
          tabIds: [42],
          regexFilter: `^http://api\\.test:${api.port}/v1(?:[/?#]|$)`,
          initiatorDomains: ["app.test"],
        },
      },
      apiOrigin: plan.policy.apiOrigin,
      pageOrigin: origin,
      apiHost: `api.test:${api.port}`,
      hostPermissions: ["http://api.test/*", "http://app.test/*"],
    });
    expect(plan.policy.headers).toEqual(["authorization", "content-type"]);
  });

  it("sets Access-Control-Allow-Credentials when the policy allows credentials", () => {
    const actions = previewOf("credentials-acac-missing").rule.action.responseHeaders;
    expect(actions).toContainEqual({ header: "Access-Control-Allow-Credentials", operation: "set", value: "true" });
  });

  it("keeps `*` where the policy keeps it, without Vary: Origin", () => {
    const actions = previewOf("merged-public-wildcard", "http://app.test:8080").rule.action.responseHeaders;
    expect(actions[0]).toEqual({ header: "Access-Control-Allow-Origin", operation: "set", value: "*" });
    expect(actions.some((a) => a.header === "Vary")).toBe(false);
  });

  it("scopes the URL to every first path segment of the merged policy, or the whole origin", () => {
    expect(previewOf("merged-two-origins-two-paths").rule.condition.regexFilter).toMatch(
      /^\^http:\/\/api\\\.test:\d+\/\(\?:v1\|feeds\)\(\?:\[\/\?#\]\|\$\)$/,
    );
    expect(urlRegex("https://api.example", ["/"])).toBe("^https://api\\.example/");
    const scoped = new RegExp(urlRegex("https://api.example", ["/v1/items/42"]));
    expect(scoped.test("https://api.example/v1/items/42?x=1")).toBe(true);
    expect(scoped.test("https://api.example/v1?x=1")).toBe(true);
    expect(scoped.test("https://api.example/v10/items")).toBe(false);
    expect(scoped.test("https://api.example.evil/v1/")).toBe(false);
    expect(scoped.test("https://api.example:8443/v1/")).toBe(false);
  });

  it("refuses a page origin it cannot parse", () => {
    const plan = planFromScenario("header-x-custom");
    expect(fixPreviewRule({ plan, pageOrigin: "", tabId: 1 })).toEqual({ code: "PREVIEW_ORIGIN_UNKNOWN", args: {} });
  });
});

describe("previewBlock: what a header rewrite cannot show", () => {
  it("previews a blocked request whose preflight was answered 2xx", () => {
    expect(blockOf("preflight-acao-duplicate-lines")).toBeNull();
    expect(blockOf("preflight-ok-actual-missing-acao")).toBeNull();
    expect(blockOf("acao-missing")).toBeNull();
  });

  it.each([
    ["preflight-401-without-cors", "PREVIEW_PREFLIGHT_STATUS", "401"],
    ["preflight-404-with-acao", "PREVIEW_PREFLIGHT_STATUS", "404"],
    ["preflight-301-trailing-slash", "PREVIEW_PREFLIGHT_REDIRECT", "301"],
  ])("%s: %s", (id, code, status) => {
    const block = blockOf(id);
    expect(block).toEqual({ code, args: { status } });
    expect(explainPreviewBlock(block as PreviewBlock)).toContain(status);
  });

  it("a network error has no response to rewrite", () => {
    const block = blockOf("network-preflight-connection-closed");
    expect(block?.code).toBe("PREVIEW_NETWORK_ERROR");
    expect(explainPreviewBlock(block as PreviewBlock)).toMatch(/network/);
  });
});

describe("applyPreviewRule: the exchange as the browser saw it under the preview", () => {
  it("rewrites the preflight's duplicate ACAO into one line, and the engine then passes the preflight", () => {
    const { exchange, diagnosis } = recordedScenario("preflight-acao-duplicate-lines");
    const plan = planFix(exchange, diagnosis);
    if (!plan) throw new Error("no plan");
    const origin = plan.policy.origins[0] as string;
    const own = fixPreviewRule({ plan, pageOrigin: origin, tabId: 1 }) as FixPreview;
    const rewritten = applyPreviewRule(own.rule, origin, exchange);
    const acao = rewritten.hops[0]?.preflight?.response.headers.filter(
      (h) => h.name.toLowerCase() === "access-control-allow-origin",
    );
    expect(acao).toEqual([{ name: "Access-Control-Allow-Origin", value: origin }]);
    expect(diagnose(rewritten).corsError).not.toBe("PreflightMultipleAllowOriginValues");
    // Requests from another page origin are left as recorded.
    expect(applyPreviewRule(own.rule, "http://other.test", exchange)).toBe(exchange);
  });

  it("a simple GET without ACAO is allowed once rewritten (and the browser let it through)", () => {
    const blocked = recordedScenario("acao-missing");
    const { diagnosis } = blocked;
    // Under the preview the browser completes the request: its recorded outcome says so.
    const exchange: Exchange = {
      ...blocked.exchange,
      hops: blocked.exchange.hops.map((hop) => ({
        ...hop,
        response: { ...hop.response, outcome: { state: "completed", errorText: null } },
      })),
    };
    const plan = planFix(exchange, diagnosis);
    if (!plan) throw new Error("no plan");
    const origin = plan.policy.origins[0] as string;
    const own = fixPreviewRule({ plan, pageOrigin: origin, tabId: 1 }) as FixPreview;
    const after = diagnose(applyPreviewRule(own.rule, origin, exchange));
    expect({ before: diagnosis.verdict, after: after.verdict }).toEqual({ before: "blocked", after: "allowed" });
  });

  it("rewriteHeaders follows DNR: set replaces every line, remove drops them, append adds one", () => {
    expect(
      rewriteHeaders(
        [
          { name: "access-control-allow-origin", value: "a" },
          { name: "Access-Control-Allow-Origin", value: "b" },
          { name: "Access-Control-Allow-Credentials", value: "true" },
          { name: "Vary", value: "Accept" },
        ],
        [
          { header: "Access-Control-Allow-Origin", operation: "set", value: "c" },
          { header: "Access-Control-Allow-Credentials", operation: "remove" },
          { header: "Vary", operation: "append", value: "Origin" },
        ],
      ),
    ).toEqual([
      { name: "Vary", value: "Accept" },
      { name: "Access-Control-Allow-Origin", value: "c" },
      { name: "Vary", value: "Origin" },
    ]);
  });
});
