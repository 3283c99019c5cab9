import { describe, expect, it } from "vitest";
import type { Diagnosis, Exchange } from "../../src/engine/index.js";
import { diagnose } from "../../src/engine/index.js";
import { CLIENT_CHANGE_TEXT, LINT_TEXT } from "../../src/explain/index.js";
import { detectStacks, LINT_CODES, lintPolicy, proxyHints, STACK_IDS, type StackId } from "../../src/fixes/index.js";

function exchangeWith(
  responseHeaders: Array<[string, string]>,
  options: { url?: string; origin?: string; preflight?: Array<[string, string]> } = {},
): Exchange {
  const origin = options.origin ?? "https://app.test";
  const url = options.url ?? "https://api.test/v1/items";
  return {
    initiatorOrigin: { value: origin, source: "test", inferred: false },
    resourceType: "fetch",
    mode: { value: "cors", source: "test", inferred: false },
    credentialsMode: null,
    malformed: [],
    hops: [
      {
        request: {
          method: "GET",
          url,
          headers: [
            { name: "Origin", value: origin },
            { name: "Host", value: "api.test" },
          ],
          provisionalHeaders: false,
        },
        response: {
          status: 200,
          statusText: "OK",
          headers: responseHeaders.map(([name, value]) => ({ name, value })),
          redirectURL: null,
          outcome: { state: "completed", errorText: null },
          serverIPAddress: null,
        },
        preflightState: options.preflight ? "paired" : "not-captured",
        preflight: options.preflight
          ? {
              request: {
                method: "OPTIONS",
                url,
                headers: [
                  { name: "Origin", value: origin },
                  { name: "Access-Control-Request-Method", value: "PUT" },
                ],
                provisionalHeaders: false,
              },
              response: {
                status: 204,
                statusText: "",
                headers: options.preflight.map(([name, value]) => ({ name, value })),
                redirectURL: null,
                outcome: { state: "completed", errorText: null },
                serverIPAddress: null,
              },
            }
          : null,
      },
    ],
  };
}

const ALL: ReadonlySet<StackId> = new Set(STACK_IDS);

describe("stack detection", () => {
  it.each([
    [[["X-Powered-By", "Express"]], "express", "high"],
    [[["Server", "nginx/1.22.1"]], "nginx", "medium"],
    [[["Server", "uvicorn"]], "fastapi", "medium"],
    [[["Server", "Werkzeug/2.2.2 Python/3.11.2"]], "flask", "medium"],
    [[["Server", "Kestrel"]], "aspnet", "high"],
    [
      [
        ["x-amz-apigw-id", "abc="],
        ["x-amzn-RequestId", "1"],
      ],
      "aws-rest-api",
      "high",
    ],
    [[["apigw-requestid", "abc="]], "aws-http-api", "high"],
    [
      [
        ["Server", "AmazonS3"],
        ["x-amz-request-id", "1"],
      ],
      "s3",
      "high",
    ],
    [[["Via", "1.1 kong/3.4.0"]], "kong", "high"],
    [[["Server", "envoy"]], "envoy", "high"],
    [[["X-Rack-CORS", "hit"]], "rails", "high"],
    [[["Set-Cookie", "laravel_session=abc; path=/"]], "laravel", "high"],
    [[["Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]], "spring", "medium"],
    [[["Server", "Caddy"]], "caddy", "high"],
    [[["Server", "Apache/2.4.57 (Debian)"]], "apache", "medium"],
    [[["X-Powered-By", "PHP/8.2.7"]], "php", "medium"],
    [[["X-Powered-By", "Next.js"]], "nextjs", "high"],
  ] as Array<[Array<[string, string]>, string, string]>)("%j -> %s (%s)", (headers, stack, confidence) => {
    const guesses = detectStacks(exchangeWith(headers), ALL);
    if (!ALL.has(stack as StackId)) return; // a stack not registered yet cannot be detected
    expect(guesses[0]).toMatchObject({ stack, confidence });
    expect(guesses[0]?.evidence.length).toBeGreaterThan(0);
  });

  it("prefers the framework over the proxy in front of it", () => {
    const guesses = detectStacks(
      exchangeWith([
        ["Server", "nginx"],
        ["X-Powered-By", "Express"],
      ]),
      ALL,
    );
    expect(guesses.map((g) => g.stack).slice(0, 2)).toEqual(["express", "nginx"]);
  });

  it("says nothing when nothing tells", () => {
    expect(detectStacks(exchangeWith([["Content-Type", "application/json"]]), ALL)).toEqual([]);
  });

  it("names CDNs in front", () => {
    expect(
      proxyHints(
        exchangeWith([
          ["cf-ray", "1-AMS"],
          ["Via", "1.1 abc.cloudfront.net (CloudFront)"],
        ]),
      ),
    ).toEqual(["Cloudflare", "CloudFront"]);
  });
});

function lintOf(exchange: Exchange): string[] {
  const diagnosis: Diagnosis = diagnose(exchange);
  return lintPolicy(exchange, diagnosis).map((f) => `${f.code}:${f.severity}`);
}

describe("security lint of the observed policy", () => {
  it("flags 'null' trusted with credentials as high", () => {
    expect(
      lintOf(
        exchangeWith([
          ["Access-Control-Allow-Origin", "null"],
          ["Access-Control-Allow-Credentials", "true"],
        ]),
      ),
    ).toContain("LINT_NULL_ORIGIN_ALLOWED:high");
  });
  it("flags '*' with credentials", () => {
    expect(
      lintOf(
        exchangeWith([
          ["Access-Control-Allow-Origin", "*"],
          ["Access-Control-Allow-Credentials", "true"],
        ]),
      ),
    ).toContain("LINT_WILDCARD_WITH_CREDENTIALS:low");
  });
  it("flags an https API trusting an http origin", () => {
    const exchange = exchangeWith(
      [
        ["Access-Control-Allow-Origin", "http://app.test"],
        ["Access-Control-Allow-Credentials", "true"],
      ],
      { origin: "http://app.test" },
    );
    expect(lintOf(exchange)).toContain("LINT_INSECURE_ORIGIN_TRUSTED:medium");
  });
  it("flags the inert private-network header and '*' request headers", () => {
    const exchange = exchangeWith(
      [
        ["Access-Control-Allow-Origin", "https://app.test"],
        ["Access-Control-Allow-Private-Network", "true"],
      ],
      {
        preflight: [
          ["Access-Control-Allow-Origin", "https://app.test"],
          ["Access-Control-Allow-Headers", "*"],
          ["Access-Control-Allow-Methods", "PUT"],
        ],
      },
    );
    expect(lintOf(exchange)).toEqual(
      expect.arrayContaining([
        "LINT_PRIVATE_NETWORK_HEADER:low",
        "LINT_HEADERS_WILDCARD:info",
        "LINT_PROBES_NEEDED:info",
      ]),
    );
  });
  it("stays quiet about a server that allows nobody", () => {
    expect(lintOf(exchangeWith([]))).toEqual([]);
  });
});

describe("every lint code and client change has words", () => {
  it.each([...LINT_CODES])("%s", (code) => {
    expect(LINT_TEXT[code].title.length).toBeGreaterThan(5);
    expect(LINT_TEXT[code].explain({}).length).toBeGreaterThan(40);
  });
  it.each(Object.keys(CLIENT_CHANGE_TEXT) as Array<keyof typeof CLIENT_CHANGE_TEXT>)("%s", (code) => {
    expect(
      CLIENT_CHANGE_TEXT[code].explain({
        method: "patch",
        upper: "PATCH",
        headers: ["access-control-allow-origin"],
        from: "a",
        to: "b",
      }),
    ).not.toMatch(/undefined/);
  });
});
