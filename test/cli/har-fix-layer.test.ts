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

/** One element of `fixes`: the merged fix for one server, aimed at the layer that lacks the headers. */
interface JsonServerFix {
  readonly server: string;
  readonly stack: string | null;
  readonly detected: boolean;
  readonly layer: string;
  readonly component: string | null;
  readonly layerEvidence: readonly string[];
  readonly why: string;
  readonly policy: { readonly origins: readonly string[] } | null;
  readonly snippet: string | null;
}

function serverFixes(name: string, stack = "auto"): JsonServerFix[] {
  const { stdout } = runCliSync(["har", HAR(name), "--json", "--fix", stack]);
  return (JSON.parse(stdout) as { fixes: JsonServerFix[] }).fixes;
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
    // Verified in CI on serverless-offline, an emulator: never "on a real server".
    expect(stdout).toContain("fix AWS Lambda (proxy integration, Node.js) (detected), verified on an emulator");
    expect(stdout).toContain('"Access-Control-Allow-Origin": "*",');
    expect(stdout).not.toContain('localhost:5173",');
    expect(stdout).not.toContain("x-amazon-apigateway");
    // The gateway answers the preflight today: the function's change leaves it there.
    expect(stdout).not.toContain("PREFLIGHT_HEADERS");
  });

  it("API Gateway + Lambda as JSON: the layer, its evidence and the why", () => {
    const [fix, ...others] = serverFixes("aws-apigw-lambda-400");
    expect(others).toEqual([]);
    expect(fix).toMatchObject({
      stack: "aws-lambda",
      detected: true,
      verified: "emulator",
      layer: "function",
      component: "AWS Lambda",
      policy: { origins: ["*"] },
      why: expect.stringContaining("the 400 comes from your Lambda function"),
    });
    expect(fix?.layerEvidence).toContain("POST 400: no x-amzn-ErrorType: passed through from the integration");
  });

  it("an explicitly chosen stack is still given, with the layer said", () => {
    const [fix] = serverFixes("aws-apigw-lambda-400", "aws-rest-api");
    expect(fix).toMatchObject({ stack: "aws-rest-api", detected: false, layer: "function" });
  });

  it("nginx in front of Express, both setting Access-Control-Allow-Origin: keep Express's, remove nginx's", () => {
    const { stdout } = runCliSync(["har", HAR("nginx-express-duplicate-allow-origin"), "--fix", "auto"]);
    expect(stdout).toContain(
      "layer application (Express): Both nginx and Express set Access-Control-Allow-Origin, so the browser sees two values; keep it in Express and remove it from the other layer.",
    );
    expect(stdout).toContain("fix Express (cors) (detected)");
    // Said once, in the server's one fix, not once per request.
    expect(stdout.match(/layer application \(Express\)/g)).toHaveLength(1);
  });

  it("Cloudflare's own 502 before Express: the CDN's error page is named, and no Express snippet is offered", () => {
    const { stdout } = runCliSync(["har", HAR("cloudflare-502-before-express"), "--fix", "auto"]);
    expect(stdout).toContain(
      "layer CDN (Cloudflare): The 502 is Cloudflare's own error page: Express never answered, so its CORS settings never ran;",
    );
    expect(stdout).toContain("POST 502: cf-ray: 8e9a1b3f2c4d6e8f-FRA");
    expect(stdout).not.toContain("fix Express");
    const [fix] = serverFixes("cloudflare-502-before-express");
    expect(fix).toMatchObject({ layer: "cdn", component: "Cloudflare", stack: null, snippet: null });
    // Asked for by name, the application's fix is still there.
    const [express] = serverFixes("cloudflare-502-before-express", "express");
    expect(express?.snippet).toContain('"https://dash.example"');
  });
});
