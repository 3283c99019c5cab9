import { defineStack, headerPresent } from "../define-stack.js";
import { allowsAnyOrigin, EXISTING_MARKER, js, jsOrigins, list, ORIGINS_COMMENT } from "../snippet.js";

/**
 * A Node.js Lambda behind an API Gateway proxy integration (REST payload 1.0, HTTP API 2.0 or a
 * function URL): the integration passes the function's response through, so the function returns
 * the CORS headers on every response, errors included
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html#apigateway-enable-cors-proxy).
 */
export const awsLambda = defineStack({
  id: "aws-lambda",
  label: "AWS Lambda (proxy integration, Node.js)",
  language: "javascript",
  detect: {
    precedence: 40,
    rules: [{ confidence: "low", match: headerPresent("x-amzn-requestid") }],
  },
  generate({ policy, needs }) {
    const entry = (name: string, value: string) => `  ${/^[A-Za-z]+$/.test(name) ? name : js(name)}: ${js(value)},`;
    const anyOrigin = allowsAnyOrigin(policy.origins);
    const corsHeaders = [
      ...(anyOrigin ? [] : [`// ${ORIGINS_COMMENT}`, `const ALLOWED_ORIGINS = ${jsOrigins(policy.origins)};`, ""]),
      "// Sent on every response of this function, errors included (Access-Control-Allow-Origin",
      anyOrigin
        ? "// is * as today: a public API read without credentials)."
        : "// only when the request's Origin is listed).",
      "const CORS_HEADERS = {",
      ...(anyOrigin ? [entry("Access-Control-Allow-Origin", "*")] : []),
      ...(policy.credentials ? [entry("Access-Control-Allow-Credentials", "true")] : []),
      ...(policy.exposeHeaders.length > 0 ? [entry("Access-Control-Expose-Headers", list(policy.exposeHeaders))] : []),
      entry("Vary", "Origin"),
      "};",
    ];
    const preflightHeaders = [
      "",
      "// The preflight answer, for routes that send OPTIONS to this function (ANY /{proxy+}, $default).",
      "const PREFLIGHT_HEADERS = {",
      entry("Access-Control-Allow-Methods", list(policy.methods)),
      ...(policy.headers.length > 0 ? [entry("Access-Control-Allow-Headers", list(policy.headers))] : []),
      entry("Access-Control-Max-Age", String(policy.maxAge)),
      "};",
    ];
    const preflightBranch = [
      "  // REST APIs (payload 1.0) set httpMethod; HTTP APIs and function URLs (2.0) set requestContext.http.method.",
      "  const method = event.httpMethod ?? event.requestContext?.http?.method;",
      '  if (method === "OPTIONS") {',
      '    return withCors({ statusCode: 204, body: "" }, event, PREFLIGHT_HEADERS);',
      "  }",
    ];
    const snippet = [
      ...corsHeaders,
      ...(needs.preflight ? preflightHeaders : []),
      "",
      "export const handler = async (event, context) => {",
      ...(needs.preflight ? preflightBranch : []),
      "  try {",
      "    return withCors(await handle(event, context), event);",
      "  } catch (error) {",
      "    console.error(error);",
      "    return withCors({",
      "      statusCode: 500,",
      '      headers: { "Content-Type": "application/json" },',
      '      body: JSON.stringify({ message: "Internal Server Error" }),',
      "    }, event);",
      "  }",
      "};",
      "",
      "// Replaces any Access-Control-* header the handler set itself, so each appears once.",
      "function withCors(response, event, extra = {}) {",
      "  const headers = {};",
      "  for (const [name, value] of Object.entries(response.headers ?? {})) {",
      '    if (!name.toLowerCase().startsWith("access-control-")) headers[name] = value;',
      "  }",
      ...(anyOrigin
        ? ["  return { ...response, headers: { ...headers, ...CORS_HEADERS, ...extra } };"]
        : [
            "  // Payload 1.0 keeps the header's case as sent; 2.0 lower-cases it.",
            '  const [, origin] = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === "origin") ?? [];',
            '  if (!ALLOWED_ORIGINS.includes(origin)) return { ...response, headers: { ...headers, Vary: "Origin" } };',
            '  return { ...response, headers: { ...headers, ...CORS_HEADERS, ...extra, "Access-Control-Allow-Origin": origin } };',
          ]),
      "}",
      "",
      "async function handle(event, context) {",
      `  // ${EXISTING_MARKER}: the handler's current code, returning { statusCode, headers, body }`,
      "}",
    ].join("\n");

    const traps = [
      "A proxy integration passes the function's response through untouched: every return path needs the headers. An uncaught crash or timeout becomes API Gateway's own 502/504, which needs the REST API's DEFAULT_5XX gateway response instead.",
      "Behind an HTTP API with CorsConfiguration, API Gateway ignores these headers (it owns CORS there); a function URL with its own Cors setting adds them too. Configure CORS in one layer only.",
      "A header returned in both headers and multiValueHeaders is merged into one list by a REST API; keep CORS headers out of multiValueHeaders.",
    ];
    if (needs.preflight)
      traps.push(
        "OPTIONS reaches the function only through a route that sends it there (ANY /{proxy+}, $default, an OPTIONS method wired to it); a REST API's mock OPTIONS method never calls it.",
      );
    if (needs.beforeAuth)
      traps.unshift(
        "The preflight was rejected before reaching the function: remove the authorizer from the OPTIONS route or method (see the API Gateway fixes); the function cannot fix that.",
      );
    if (needs.singleLayer)
      traps.unshift(
        "Two layers add Access-Control-Allow-Origin: keep it here and remove it from API Gateway or CloudFront, or the other way round.",
      );
    if (needs.actualResponses)
      traps.unshift(
        "API Gateway answered the preflight but adds nothing to proxy responses: this function must return the headers itself (serverless/serverless#4681).",
      );
    return {
      where:
        "In the function's handler file (index.mjs, an ES module; in CommonJS write exports.handler = ...): rename your current handler to handle and wrap it as below.",
      snippet,
      traps,
    };
  },
});
