/**
 * `cors-doctor har --fix auto` aims at the layer that lacks the headers: the Lambda function behind
 * an API Gateway whose preflight passes (keeping its working `*`), the application when a proxy
 * and the application both set Access-Control-Allow-Origin, and no application snippet when a
 * CDN's own error page is what failed.
 */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliSync } from "./run-cli.js";

const HAR = (name: string) => join(import.meta.dirname, "../fixtures/har", `${name}.har`);

interface JsonFix {
  readonly stack: string;
  readonly detected: boolean;
  readonly layer: {
    readonly layer: string;
    readonly component: string | null;
    readonly stack: string | null;
    readonly evidence: readonly string[];
    readonly why: { readonly code: string; readonly text: string };
    readonly keepWildcard: boolean;
  } | null;
  readonly fix: { readonly stack: string; readonly snippet: string } | null;
}

function jsonFixes(name: string, stack = "auto"): Array<{ url: string; verdict: string; fix: JsonFix | null }> {
  const { stdout } = runCliSync(["har", HAR(name), "--json", "--fix", stack]);
  return (JSON.parse(stdout) as { exchanges: Array<{ url: string; verdict: string; fix: JsonFix | null }> }).exchanges;
}

// Each test starts the CLI (a Node process): seconds on a loaded machine.
describe("cors-doctor har --fix auto aims at the right layer", { timeout: 60_000 }, () => {
  it("API Gateway + Lambda: the function's fix, keeping *, not the gateway's OPTIONS mock", () => {
    const { code, stdout } = runCliSync(["har", HAR("aws-apigw-lambda-400"), "--fix", "auto"]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "layer function (AWS Lambda): The preflight is answered by API Gateway (REST API) and passes; the 400 comes from your Lambda function, which must return the CORS headers on every response, errors included.",
    );
    expect(stdout).toContain("OPTIONS 204: x-amz-apigw-id: Kp3RMH5qjoEFkYw=");
    expect(stdout).toContain("fix AWS Lambda (proxy integration, Node.js) (detected)");
    expect(stdout).toContain('"Access-Control-Allow-Origin": "*",');
    expect(stdout).not.toContain('localhost:5173",');
    expect(stdout).not.toContain("x-amazon-apigateway");
    // The gateway answers the preflight today: the function's change leaves it there.
    expect(stdout).not.toContain("PREFLIGHT_HEADERS");
  });

  it("API Gateway + Lambda as JSON: the layer, its evidence and the why", () => {
    const post = jsonFixes("aws-apigw-lambda-400").find((e) => e.verdict === "blocked");
    expect(post?.fix).toMatchObject({
      stack: "aws-lambda",
      detected: true,
      layer: {
        layer: "function",
        component: "AWS Lambda",
        stack: "aws-lambda",
        keepWildcard: true,
        why: { code: "GATEWAY_PREFLIGHT_FUNCTION_RESPONSE" },
      },
      fix: { stack: "aws-lambda" },
    });
    expect(post?.fix?.layer?.evidence).toContain("POST 400: no x-amzn-ErrorType: passed through from the integration");
  });

  it("an explicitly chosen stack is still given, with the layer said", () => {
    const post = jsonFixes("aws-apigw-lambda-400", "aws-rest-api").find((e) => e.verdict === "blocked");
    expect(post?.fix).toMatchObject({ stack: "aws-rest-api", detected: false, layer: { layer: "function" } });
  });

  it("nginx in front of Express, both setting Access-Control-Allow-Origin: keep Express's, remove nginx's", () => {
    const { stdout } = runCliSync(["har", HAR("nginx-express-duplicate-allow-origin"), "--fix", "auto"]);
    expect(stdout).toContain(
      "layer application (Express): Both nginx and Express set Access-Control-Allow-Origin, so the browser sees two values; keep it in Express and remove it from the other layer.",
    );
    expect(stdout).toContain("fix Express (cors) (detected)");
    expect(stdout.match(/layer application \(Express\)/g)).toHaveLength(2);
  });

  it("Cloudflare's own 502 before Express: the CDN's error page is named, and no Express snippet is offered", () => {
    const { stdout } = runCliSync(["har", HAR("cloudflare-502-before-express"), "--fix", "auto"]);
    expect(stdout).toContain(
      "layer CDN (Cloudflare): The 502 is Cloudflare's own error page: Express never answered, so its CORS settings never ran;",
    );
    expect(stdout).toContain("POST 502: cf-ray: 8e9a1b3f2c4d6e8f-FRA");
    expect(stdout).not.toContain("fix Express");
    const post = jsonFixes("cloudflare-502-before-express").find((e) => e.verdict === "blocked");
    expect(post?.fix).toMatchObject({
      layer: { layer: "cdn", stack: null, why: { code: "EDGE_OWN_ERROR" } },
      fix: null,
    });
    // Asked for by name, the application's fix is still there.
    const express = jsonFixes("cloudflare-502-before-express", "express").find((e) => e.verdict === "blocked");
    expect(express?.fix?.fix?.snippet).toContain('"https://dash.example"');
  });
});
