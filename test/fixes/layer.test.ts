/**
 * Which component answered each response, and which layer the fix is aimed at: on the HAR fixtures
 * whose expected file names a `fixTarget`, and on one synthetic exchange per rule.
 */

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import type { Diagnosis, Exchange } from "../../src/engine/index.js";
import { diagnose } from "../../src/engine/index.js";
import { explainLayerWhy } from "../../src/explain/index.js";
import {
  aimPlan,
  detectStacks,
  type FixLayer,
  identifyResponders,
  inferFixLayer,
  planFix,
  STACK_IDS,
  type StackId,
} from "../../src/fixes/index.js";

const HAR_DIR = new URL("../fixtures/har/", import.meta.url);

interface FixTarget {
  readonly layer: string;
  readonly stack: StackId | null;
  readonly component: string | null;
  readonly why: string;
  readonly keepWildcard: boolean;
}

const targets = readdirSync(HAR_DIR)
  .filter((name) => name.endsWith(".expected.json"))
  .flatMap((name) => {
    const expected = JSON.parse(readFileSync(new URL(name, HAR_DIR), "utf8")) as { fixTarget?: FixTarget };
    return expected.fixTarget ? [[name.replace(/\.expected\.json$/, ".har"), expected.fixTarget] as const] : [];
  });

function diagnosed(name: string): { exchanges: Exchange[]; diagnoses: Diagnosis[] } {
  const result = readHar(JSON.parse(readFileSync(new URL(name, HAR_DIR), "utf8")));
  if (!result.ok) throw new Error(result.message);
  const exchanges = result.exchanges.map((c) => c.exchange);
  return { exchanges, diagnoses: exchanges.map((e) => diagnose(e)) };
}

describe("the layer each HAR fixture's fix is aimed at", () => {
  it("has the three layer fixtures", () => {
    expect(targets.map(([name]) => name).sort()).toEqual([
      "aws-apigw-lambda-400.har",
      "cloudflare-502-before-express.har",
      "nginx-express-duplicate-allow-origin.har",
    ]);
  });

  it.each(targets)("%s", (name, target) => {
    const { exchanges, diagnoses } = diagnosed(name);
    const layer = inferFixLayer(exchanges, diagnoses);
    expect(layer).not.toBeNull();
    expect({
      layer: layer?.layer,
      stack: layer?.stack ?? null,
      component: layer?.component,
      why: layer?.why.code,
      keepWildcard: layer?.keepWildcard,
    }).toEqual(target);
    expect(layer?.evidence.length).toBeGreaterThan(0);
    // Each blocked exchange on its own is aimed at the same layer (what the CLI does per request).
    diagnoses.forEach((diagnosis, index) => {
      if (diagnosis.verdict !== "blocked") return;
      const alone = inferFixLayer([exchanges[index] as Exchange], [diagnosis]);
      expect(alone?.layer).toBe(target.layer);
      const first = detectStacks(exchanges[index] as Exchange, new Set(STACK_IDS), diagnosis)[0];
      if (target.stack) expect(first?.stack).toBe(target.stack);
    });
  });

  it("says why in one sentence, naming the gateway and the function", () => {
    const { exchanges, diagnoses } = diagnosed("aws-apigw-lambda-400.har");
    const layer = inferFixLayer(exchanges, diagnoses) as FixLayer;
    expect(explainLayerWhy(layer.why)).toBe(
      "The preflight is answered by API Gateway (REST API) and passes; the 400 comes from your Lambda function, which must return the CORS headers on every response, errors included.",
    );
    expect(layer.evidence).toEqual([
      "OPTIONS 204: x-amz-apigw-id: Kp3RMH5qjoEFkYw=",
      "POST 400: x-amz-apigw-id: Kp3RNFd0joEFq6g=",
      "POST 400: no x-amzn-ErrorType: passed through from the integration",
    ]);
  });

  it("keeps the working * instead of the dev page's origin, and names the origin when credentials are sent", () => {
    const aws = diagnosed("aws-apigw-lambda-400.har");
    const post = aws.diagnoses.findIndex((d) => d.verdict === "blocked");
    const plan = planFix(aws.exchanges[post] as Exchange, aws.diagnoses[post] as Diagnosis);
    expect(plan?.policy.origins).toEqual(["http://localhost:5173"]);
    const aimed = aimPlan(plan as NonNullable<typeof plan>, inferFixLayer(aws.exchanges, aws.diagnoses));
    expect(aimed.policy.origins).toEqual(["*"]);

    const cf = diagnosed("cloudflare-502-before-express.har");
    const blocked = cf.diagnoses.findIndex((d) => d.verdict === "blocked");
    const cfPlan = planFix(cf.exchanges[blocked] as Exchange, cf.diagnoses[blocked] as Diagnosis);
    expect(
      aimPlan(cfPlan as NonNullable<typeof cfPlan>, inferFixLayer(cf.exchanges, cf.diagnoses)).policy.origins,
    ).toEqual(["https://dash.example"]);
  });
});

type Headers = Array<[string, string]>;

interface Leg {
  readonly status: number;
  readonly headers: Headers;
}

/** One cross-origin request from https://app.test, with an optional preflight. */
function exchange(method: string, actual: Leg | null, preflight?: Leg, cookie = false): Exchange {
  const response = (leg: Leg | null) => ({
    status: leg?.status ?? 0,
    statusText: "",
    headers: (leg?.headers ?? []).map(([name, value]) => ({ name, value })),
    redirectURL: null,
    outcome: leg
      ? { state: "completed" as const, errorText: null }
      : { state: "failed" as const, errorText: "net::ERR_FAILED" },
    serverIPAddress: null,
  });
  const url = "https://api.test/v1/items";
  return {
    initiatorOrigin: { value: "https://app.test", source: "test", inferred: false },
    resourceType: "fetch",
    mode: { value: "cors", source: "test", inferred: false },
    credentialsMode: cookie ? { value: "include", source: "test", inferred: false } : null,
    malformed: [],
    hops: [
      {
        request: {
          method,
          url,
          headers: [
            { name: "Origin", value: "https://app.test" },
            { name: "Content-Type", value: "application/json" },
            ...(cookie ? [{ name: "Cookie", value: "sid=1" }] : []),
          ],
          provisionalHeaders: false,
        },
        response: response(actual),
        preflightState: preflight ? "paired" : "not-captured",
        preflight: preflight
          ? {
              request: {
                method: "OPTIONS",
                url,
                headers: [
                  { name: "Origin", value: "https://app.test" },
                  { name: "Access-Control-Request-Method", value: method },
                  { name: "Access-Control-Request-Headers", value: "content-type" },
                ],
                provisionalHeaders: false,
              },
              response: response(preflight),
            }
          : null,
      },
    ],
  };
}

const CORS_OK: Headers = [
  ["Access-Control-Allow-Origin", "https://app.test"],
  ["Access-Control-Allow-Methods", "GET, POST, PUT"],
  ["Access-Control-Allow-Headers", "content-type"],
];

function aim(...exchanges: Exchange[]): FixLayer | null {
  return inferFixLayer(
    exchanges,
    exchanges.map((e) => diagnose(e)),
  );
}

describe("which component answered, and where the fix goes", () => {
  it("API Gateway's own 403 (x-amzn-ErrorType) on the preflight: the gateway, not the function", () => {
    const layer = aim(
      exchange("PUT", null, {
        status: 403,
        headers: [
          ["x-amz-apigw-id", "a="],
          ["x-amzn-RequestId", "1"],
          ["x-amzn-ErrorType", "MissingAuthenticationTokenException"],
        ],
      }),
    );
    expect(layer).toMatchObject({ layer: "api-gateway", stack: "aws-rest-api", why: { code: "GATEWAY_OWN_RESPONSE" } });
    expect(layer?.why.args).toMatchObject({ errorType: "MissingAuthenticationTokenException", leg: "preflight" });
    expect(layer?.evidence).toContain("OPTIONS 403: x-amzn-ErrorType: MissingAuthenticationTokenException");
  });

  it("an authorizer's 401 on the actual request, told by the gateway's error body when the body is at hand", () => {
    const x = exchange(
      "PUT",
      { status: 401, headers: [["apigw-requestid", "b="]] },
      {
        status: 204,
        headers: [["apigw-requestid", "c="], ...CORS_OK],
      },
    );
    const withoutBody = aim(x);
    expect(withoutBody).toMatchObject({ layer: "function", stack: "aws-lambda" });
    const withBody = inferFixLayer([x], [diagnose(x)], (ref) =>
      ref.leg === "actual" ? '{"message":"Unauthorized"}' : null,
    );
    expect(withBody).toMatchObject({
      layer: "api-gateway",
      stack: "aws-http-api",
      component: "API Gateway (HTTP API)",
    });
    expect(withBody?.evidence).toContain('PUT 401: body: {"message":"Unauthorized"}');
  });

  it("a Lambda function URL answering without headers: the function", () => {
    const layer = aim(
      exchange("GET", {
        status: 500,
        headers: [
          ["x-amzn-RequestId", "1"],
          ["Content-Type", "application/json"],
        ],
      }),
    );
    expect(layer).toMatchObject({ layer: "function", stack: "aws-lambda", why: { code: "FUNCTION_RESPONSE" } });
  });

  it("Cloudflare's 52x is its own, whatever else the response says", () => {
    const layer = aim(
      exchange("GET", {
        status: 522,
        headers: [
          ["Server", "cloudflare"],
          ["CF-RAY", "1-FRA"],
        ],
      }),
    );
    expect(layer).toMatchObject({ layer: "cdn", component: "Cloudflare", confidence: "high" });
    expect(layer?.stack).toBeUndefined();
  });

  it("a 500 that carries the application's header is the application's, even through Cloudflare", () => {
    const layer = aim(
      exchange("GET", {
        status: 500,
        headers: [
          ["Server", "cloudflare"],
          ["CF-RAY", "1-FRA"],
          ["X-Powered-By", "Express"],
          ["Content-Type", "application/json"],
        ],
      }),
    );
    expect(layer).toMatchObject({ layer: "application", stack: "express", why: { code: "APPLICATION_RESPONSE" } });
    expect(layer?.why.args).toMatchObject({ through: ["Cloudflare"] });
    expect(explainLayerWhy(layer?.why as FixLayer["why"])).toBe(
      "The 500 comes from Express, passed on unchanged by Cloudflare, so Express must send the CORS headers on every response, errors included.",
    );
  });

  it("nginx's own 502 in front of an app whose preflight passes: nginx's error page", () => {
    const layer = aim(
      exchange(
        "PUT",
        {
          status: 502,
          headers: [
            ["Server", "nginx/1.24.0"],
            ["Content-Type", "text/html"],
          ],
        },
        { status: 204, headers: [["Server", "nginx/1.24.0"], ["X-Powered-By", "Express"], ...CORS_OK] },
      ),
    );
    expect(layer).toMatchObject({
      layer: "proxy",
      stack: "nginx",
      why: { code: "EDGE_OWN_ERROR", args: { app: "Express" } },
    });
  });

  it("nginx alone, no application behind it in sight: nginx's configuration", () => {
    const layer = aim(exchange("GET", { status: 200, headers: [["Server", "nginx"]] }));
    expect(layer).toMatchObject({ layer: "proxy", stack: "nginx", why: { code: "PROXY_RESPONSE" } });
  });

  it("Envoy without x-envoy-upstream-service-time answered itself; with it, upstream did", () => {
    const own = aim(exchange("GET", { status: 503, headers: [["server", "envoy"]] }));
    expect(own).toMatchObject({ layer: "proxy", stack: "envoy", confidence: "high" });
    const [upstream] = identifyResponders([
      exchange("GET", {
        status: 503,
        headers: [
          ["server", "envoy"],
          ["x-envoy-upstream-service-time", "12"],
        ],
      }),
    ]);
    expect(upstream).toMatchObject({ layer: "application", component: null, through: ["Envoy"] });
  });

  it("nothing tells: unknown, said so", () => {
    const layer = aim(exchange("GET", { status: 200, headers: [["Content-Type", "application/json"]] }));
    expect(layer).toMatchObject({ layer: "unknown", why: { code: "LAYER_UNKNOWN" } });
    expect(layer?.stack).toBeUndefined();
  });

  it("nothing blocked: no layer to aim at", () => {
    expect(aim(exchange("GET", { status: 200, headers: [["Access-Control-Allow-Origin", "*"]] }))).toBeNull();
  });

  it("a function preflight sending * does not keep * for a credentialed request", () => {
    const x = exchange(
      "PUT",
      { status: 400, headers: [["x-amz-apigw-id", "d="]] },
      {
        status: 204,
        headers: [
          ["x-amz-apigw-id", "e="],
          ["Access-Control-Allow-Origin", "https://app.test"],
          ["Access-Control-Allow-Credentials", "true"],
          ["Access-Control-Allow-Methods", "PUT"],
          ["Access-Control-Allow-Headers", "content-type"],
        ],
      },
      true,
    );
    const layer = aim(x);
    expect(layer).toMatchObject({ layer: "function", why: { code: "GATEWAY_PREFLIGHT_FUNCTION_RESPONSE" } });
    expect(layer?.keepWildcard).toBe(false);
  });

  it("without a diagnosis, detection keeps its header ranking (the gateway's header first)", () => {
    const { exchanges, diagnoses } = diagnosed("aws-apigw-lambda-400.har");
    const post = diagnoses.findIndex((d) => d.verdict === "blocked");
    const x = exchanges[post] as Exchange;
    expect(detectStacks(x, new Set(STACK_IDS))[0]?.stack).toBe("aws-rest-api");
    const aimed = detectStacks(x, new Set(STACK_IDS), diagnoses[post]);
    expect(aimed[0]).toMatchObject({ stack: "aws-lambda", confidence: "high" });
    expect(aimed[0]?.layer?.why.code).toBe("GATEWAY_PREFLIGHT_FUNCTION_RESPONSE");
    // A panel that knows fewer stacks still gets the layer, on its best guess.
    const without = detectStacks(x, new Set<StackId>(["aws-rest-api"]), diagnoses[post]);
    expect(without[0]).toMatchObject({ stack: "aws-rest-api", layer: { layer: "function" } });
  });
});
