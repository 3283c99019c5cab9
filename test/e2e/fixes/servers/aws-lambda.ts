import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { linkNodeModules } from "../node-apps.js";
import { freePort, replaceMarker, type StackRunner, spawnServer } from "../runner.js";

/**
 * An EMULATOR: the generated handler as a Node.js Lambda behind API Gateway's REST proxy
 * integration (`ANY /{proxy+}`, payload 1.0), emulated by serverless-offline 13 under the
 * Serverless Framework 3 (both this project's devDependencies). Not 14 (the HTTP API runner's
 * `serverless-offline-14`): on REST routes it reflects any origin, with credentials, onto every
 * response the function sends without Access-Control-Allow-Origin, so the foreign-origin check
 * failed in all four cases with the same fixes. The handler's own code, where the snippet's
 * marker is: authentication (non-GET requests without Authorization get 401), then the case's
 * route, which answers JSON or throws.
 *
 * What the emulator does not do like API Gateway: on a response that lacks them it adds
 * Access-Control-Allow-Origin (the request's origin) and -Credentials, and answers a preflight
 * the function leaves incomplete by reflection. The foreign-origin check still fails a fix that
 * sends no Access-Control-Allow-Origin of its own, but a fix missing only Allow-Credentials or
 * Allow-Headers would pass here: hence "emulator", not "verified on a real server".
 */
export const awsLambdaRunner: StackRunner = {
  stack: "aws-lambda",
  emulator: true,
  // The Serverless Framework takes 30-40 s to start on an idle two-core machine, more under load.
  timeoutMs: 420_000,
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
    linkNodeModules(workDir);
    const existing = [
      "const method = event.httpMethod;",
      "const authorized = Boolean(event.headers?.Authorization ?? event.headers?.authorization);",
      'if (method !== "GET" && !authorized) {',
      '  return { statusCode: 401, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ error: "unauthorized" }) };',
      "}",
      `if (!${JSON.stringify(paths)}.includes(event.path)) return { statusCode: 404, body: "" };`,
      route === "fail"
        ? 'throw new Error("the handler failed");'
        : 'return { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ok: true }) };',
    ].join("\n");
    writeFileSync(join(workDir, "index.mjs"), replaceMarker(snippet, existing));
    writeFileSync(join(workDir, "package.json"), '{ "private": true }\n');
    writeFileSync(
      join(workDir, "serverless.yml"),
      `service: api
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs20.x
  stage: dev
plugins:
  - serverless-offline
functions:
  api:
    handler: index.handler
    events:
      - http:
          path: /{proxy+}
          method: ANY
custom:
  serverless-offline:
    noPrependStageInUrl: true
`,
    );
    const lambdaPort = await freePort();
    return spawnServer(
      process.execPath,
      [
        join(workDir, "node_modules/serverless/bin/serverless.js"),
        "offline",
        "start",
        "--host",
        "127.0.0.1",
        "--httpPort",
        String(port),
        "--lambdaPort",
        String(lambdaPort),
      ],
      port,
      // No telemetry, update notices or credentials lookups: offline only, config in the work directory.
      { HOME: workDir, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", AWS_REGION: "us-east-1" },
      workDir,
      300_000,
    );
  },
};
