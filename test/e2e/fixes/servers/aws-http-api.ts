import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { linkNodeModules } from "../node-apps.js";
import { freePort, type StackRunner, spawnServer } from "../runner.js";

/**
 * An EMULATOR: the generated `CorsConfiguration` as the Serverless Framework's `provider.httpApi.cors`
 * (the same settings under the names serverless.yml gives them), on an HTTP API that routes every
 * method and path to a Node.js Lambda (payload 2.0), emulated by serverless-offline 14 (the
 * devDependency `serverless-offline-14`, an alias whose `serverless ^4` peer package.json overrides
 * to the Framework 3 it runs under). 13 would not do: it adds the headers for any origin to actual
 * responses under httpApi.cors, so the foreign-origin check fails. The Lambda has no CORS code, as the fix says: authentication (non-GET
 * requests without Authorization get 401), then the case's route, which answers JSON or throws.
 *
 * Like API Gateway, serverless-offline 14 answers preflights itself (hapi's CORS, which checks the
 * origin, method and headers) and adds the configured headers only for an allowed origin, on every
 * response. What it does not emulate: an authorizer (the snippet's unauthenticated OPTIONS route
 * is CloudFormation this runner leaves out; with no authorizer the gateway answers preflights
 * before any route runs, here as on AWS), and it adds Allow-Methods and Allow-Headers to actual
 * responses too, which the browser ignores there. Hence "emulator", not "verified on a real server".
 */
export const awsHttpApiRunner: StackRunner = {
  stack: "aws-http-api",
  emulator: true,
  // The Serverless Framework takes 30-40 s to start on an idle two-core machine, more under load.
  timeoutMs: 420_000,
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
    linkNodeModules(workDir);
    const handler = [
      "export const handler = async (event) => {",
      "  const method = event.requestContext.http.method;",
      "  const authorized = Boolean(event.headers?.authorization);",
      '  if (method !== "GET" && !authorized) {',
      '    return { statusCode: 401, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ error: "unauthorized" }) };',
      "  }",
      `  if (!${JSON.stringify(paths)}.includes(event.rawPath)) return { statusCode: 404, body: "" };`,
      route === "fail"
        ? '  throw new Error("the handler failed");'
        : '  return { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ok: true }) };',
      "};",
      "",
    ].join("\n");
    writeFileSync(join(workDir, "index.mjs"), handler);
    writeFileSync(join(workDir, "package.json"), '{ "private": true }\n');
    const service = {
      service: "api",
      frameworkVersion: "3",
      provider: {
        name: "aws",
        runtime: "nodejs20.x",
        stage: "dev",
        httpApi: { payload: "2.0", cors: serverlessCors(corsConfiguration(snippet)) },
      },
      // 14, installed under this alias next to 13 (aws-lambda's runner needs 13, see there).
      plugins: ["serverless-offline-14"],
      functions: { api: { handler: "index.handler", events: [{ httpApi: "*" }] } },
    };
    // YAML is a superset of JSON.
    writeFileSync(join(workDir, "serverless.yml"), `${JSON.stringify(service, null, 2)}\n`);
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

type CorsConfiguration = Record<string, string | string[]>;

/**
 * The snippet's `CorsConfiguration` block, as the generator writes it: `Key: value` or `Key:` then
 * `- "item"` lines, more indented than the block's own line.
 */
function corsConfiguration(snippet: string): CorsConfiguration {
  const lines = snippet.split("\n");
  const start = lines.findIndex((line) => line.trim() === "CorsConfiguration:");
  if (start === -1) throw new Error("the snippet has no CorsConfiguration");
  const indent = (line: string) => /^\s*/.exec(line)?.[0].length ?? 0;
  const scalar = (text: string) => (text.startsWith('"') ? (JSON.parse(text) as string) : text);
  const config: CorsConfiguration = {};
  let list: string[] | null = null;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "" || indent(line) <= indent(lines[start] as string)) break;
    const item = /^\s*- (.+)$/.exec(line);
    const entry = /^\s*(\w+):\s*(.*)$/.exec(line);
    if (item && list) list.push(scalar(item[1] as string));
    else if (entry?.[2] === "") config[entry[1] as string] = list = [];
    else if (entry) config[entry[1] as string] = scalar(entry[2] as string);
    else throw new Error(`unexpected line in CorsConfiguration: ${line}`);
  }
  return config;
}

/**
 * CloudFormation's CorsConfiguration keys under the names `provider.httpApi.cors` takes. Every list
 * is given, empty when the snippet has none: both fill in defaults for a missing one (the Framework
 * allows Authorization and Content-Type, among others), which API Gateway does not.
 */
function serverlessCors(config: CorsConfiguration): Record<string, unknown> {
  const list = (key: string) => (Array.isArray(config[key]) ? config[key] : []);
  const known = new Set([
    "AllowOrigins",
    "AllowMethods",
    "AllowHeaders",
    "ExposeHeaders",
    "AllowCredentials",
    "MaxAge",
  ]);
  const unknown = Object.keys(config).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`CorsConfiguration keys this runner does not map: ${unknown.join(", ")}`);
  return {
    allowedOrigins: list("AllowOrigins"),
    allowedMethods: list("AllowMethods"),
    allowedHeaders: list("AllowHeaders"),
    ...(list("ExposeHeaders").length > 0 ? { exposedResponseHeaders: list("ExposeHeaders") } : {}),
    ...(config.AllowCredentials === "true" ? { allowCredentials: true } : {}),
    ...(config.MaxAge !== undefined ? { maxAge: Number(config.MaxAge) } : {}),
  };
}
