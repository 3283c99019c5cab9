import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";

/**
 * An EMULATOR: the generated handler as a Node.js Lambda behind API Gateway's REST proxy
 * integration (`ANY /{proxy+}`, payload 1.0), with API Gateway emulated by a small HTTP server of
 * ours (GATEWAY below). A proxy integration passes everything through: the request becomes the
 * event (httpMethod, path, headers, multiValueHeaders, queryStringParameters, body), OPTIONS
 * included (the route is ANY), and the function's statusCode, headers, multiValueHeaders and body
 * are the response, untouched; an uncaught error or a malformed result is API Gateway's own 502
 * `{"message": "Internal server error"}`, without CORS headers. serverless-offline 13 and 14 were
 * both tried and both reflect any Origin, with credentials, onto every response the function sends
 * without Access-Control-Allow-Origin, so a foreign origin passed there (the merged fix sends no
 * Access-Control-Allow-Origin to an origin it does not list). What this does not emulate: API
 * Gateway's own features (authorizers, gateway responses, throttling); hence "emulator".
 * The handler's own code, where the snippet's marker is: authentication (non-GET requests without
 * Authorization get 401), then the case's route, which answers JSON or throws.
 */
const GATEWAY = `import { createServer } from "node:http";
import { handler } from "./index.mjs";

const port = Number(process.argv[2]);
createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = {};
  const multiValueHeaders = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const url = new URL(req.url, "http://gateway.invalid");
  const query = Object.fromEntries(url.searchParams);
  const event = {
    resource: "/{proxy+}",
    path: url.pathname,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    pathParameters: { proxy: url.pathname.slice(1) },
    requestContext: { httpMethod: req.method, path: url.pathname, stage: "dev" },
    body: chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : null,
    isBase64Encoded: false,
  };
  let result;
  try {
    result = await handler(event, {});
  } catch (error) {
    console.error(error);
  }
  if (!result || typeof result.statusCode !== "number") {
    res.writeHead(502, { "Content-Type": "application/json" });
    res.end('{"message": "Internal server error"}');
    return;
  }
  const out = [];
  for (const [name, value] of Object.entries(result.headers ?? {})) out.push([name, String(value)]);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    for (const value of values) out.push([name, String(value)]);
  res.writeHead(result.statusCode, out);
  res.end(result.body ?? "");
}).listen(port, "127.0.0.1", () => console.log("gateway listening on " + port));
`;

export const awsLambdaRunner: StackRunner = {
  stack: "aws-lambda",
  emulator: true,
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
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
    writeFileSync(join(workDir, "gateway.mjs"), GATEWAY);
    return spawnServer(process.execPath, [join(workDir, "gateway.mjs"), String(port)], port, {}, workDir);
  },
};
