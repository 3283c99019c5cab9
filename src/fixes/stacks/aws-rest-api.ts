import { defineStack, headerPresent } from "../define-stack.js";
import { EXISTING_MARKER, list, ORIGINS_ENV, quoted } from "../snippet.js";
import type { CorsPolicy } from "../types.js";

/** What the default `execute-api` URL of an API Gateway API tells about it (custom domains tell nothing). */
export interface ExecuteApiUrl {
  readonly apiId: string;
  readonly region: string;
  /** The first path segment: the stage of a REST API (HTTP APIs on `$default` have none). */
  readonly firstSegment: string | null;
  /** The path without the first segment. */
  readonly rest: string;
}

/** `https://{api-id}.execute-api.{region}.amazonaws.com[.cn]/{stage}/...`, or null for any other host. */
export function executeApiUrl(policy: CorsPolicy, path = policy.paths[0] ?? "/"): ExecuteApiUrl | null {
  const host = policy.apiOrigin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/:\d+$/, "");
  const match = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/i.exec(host);
  if (!match?.[1] || !match[2]) return null;
  const segments = path.split("/").filter((s) => s !== "");
  return {
    apiId: match[1],
    region: match[2],
    firstSegment: segments[0] ?? null,
    rest: `/${segments.slice(1).join("/")}`,
  };
}

/** A static response-parameter value: API Gateway wants string literals in single quotes. */
const literal = (value: string): string => quoted(`'${value}'`);

/**
 * API Gateway REST API, as an OpenAPI 3 fragment with the API Gateway extensions: an OPTIONS
 * mock integration answering preflights, and gateway responses carrying the headers on the errors
 * API Gateway produces itself
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/enable-cors-for-resource-using-swagger-importer-tool.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.html).
 */
export const awsRestApi = defineStack({
  id: "aws-rest-api",
  label: "AWS API Gateway (REST API)",
  language: "yaml",
  detect: {
    precedence: 20,
    rules: [{ confidence: "high", match: headerPresent("x-amz-apigw-id") }],
  },
  generate({ policy, needs }) {
    const url = executeApiUrl(policy);
    // One OPTIONS method per resource a request went to (without the stage).
    const resourcePaths = [...new Set(policy.paths.map((path) => executeApiUrl(policy, path)?.rest ?? path))];
    const resourcePath = resourcePaths.join(", ");
    // Static values hold one origin: the first; the others need the function to answer (trap below).
    const origin = policy.origins[0] ?? "";
    const preflightHeaders: Array<[string, string]> = [
      ["Access-Control-Allow-Origin", origin],
      ["Access-Control-Allow-Methods", list(policy.methods)],
      ...(policy.headers.length > 0
        ? [["Access-Control-Allow-Headers", list(policy.headers)] as [string, string]]
        : []),
      ...(policy.credentials ? [["Access-Control-Allow-Credentials", "true"] as [string, string]] : []),
      ["Access-Control-Max-Age", String(policy.maxAge)],
      ["Vary", "Origin"],
    ];
    const optionsMethod = [
      "    # The resource's other methods (get, put, ...) stay beside this one.",
      "    options:",
      "      summary: CORS preflight",
      "      # No authorizer and no API key: browsers never send credentials with a preflight.",
      "      security: []",
      "      responses:",
      '        "200":',
      "          description: CORS preflight",
      "          headers:",
      ...preflightHeaders.flatMap(([name]) => [
        `            ${name}:`,
        "              schema:",
        "                type: string",
      ]),
      "      x-amazon-apigateway-integration:",
      "        type: mock",
      "        requestTemplates:",
      `          application/json: ${quoted('{"statusCode": 200}')}`,
      "        passthroughBehavior: when_no_match",
      "        responses:",
      "          default:",
      '            statusCode: "200"',
      "            responseParameters:",
      ...preflightHeaders.map(([name, value]) => `              method.response.header.${name}: ${literal(value)}`),
    ];
    const preflight = ["paths:", ...resourcePaths.flatMap((path) => [`  ${quoted(path)}:`, ...optionsMethod])];
    const errorHeaders: Array<[string, string]> = [
      ["Access-Control-Allow-Origin", origin],
      ...(policy.credentials ? [["Access-Control-Allow-Credentials", "true"] as [string, string]] : []),
      ...(policy.exposeHeaders.length > 0
        ? [["Access-Control-Expose-Headers", list(policy.exposeHeaders)] as [string, string]]
        : []),
      ["Vary", "Origin"],
    ];
    // DEFAULT_4XX/5XX cover every response type not customised; UNAUTHORIZED is spelled out when an
    // authorizer is involved, in case it was customised before.
    const gatewayTypes = ["DEFAULT_4XX", "DEFAULT_5XX", ...(needs.beforeAuth ? ["UNAUTHORIZED"] : [])];
    const gatewayResponses = [
      "# Errors API Gateway answers itself (authorizers' 401/403, missing routes, 429 throttling, 5xx)",
      "# carry the headers too.",
      "x-amazon-apigateway-gateway-responses:",
      ...gatewayTypes.flatMap((type) => [
        `  ${type}:`,
        "    responseParameters:",
        ...errorHeaders.map(([name, value]) => `      gatewayresponse.header.${name}: ${literal(value)}`),
      ]),
    ];
    const snippet = [
      `# ${EXISTING_MARKER} (openapi, info, components and your other paths stay as they are)`,
      ...(needs.preflight ? preflight : []),
      ...gatewayResponses,
      "# The actual responses: with a Lambda or HTTP proxy integration the backend must return",
      `# Access-Control-Allow-Origin: ${origin} itself (API Gateway adds nothing to them);`,
      "# with a non-proxy integration, map it in that method's integration response.",
    ].join("\n");

    const apiId = url?.apiId ?? "YOUR_API_ID";
    const stage = url?.firstSegment ?? "YOUR_STAGE";
    const traps = [
      "With a Lambda or HTTP proxy integration, API Gateway adds no CORS headers to the actual responses: the backend must return them on every response, errors included (AWS docs; serverless/serverless#4681). The console's Enable CORS cannot change that.",
      "Errors API Gateway produces itself (authorizer 401/403, WAF, throttling 429, integration timeout 504) carry CORS headers only through Gateway Responses; DEFAULT_4XX/DEFAULT_5XX apply to every response type you have not customised separately (serverless/serverless#3896).",
      "Nothing changes until the API is deployed to the stage again (create-deployment, or sam deploy / serverless deploy).",
      "Use the resource's path as API Gateway defines it (with templates such as /items/{id}), without the stage name.",
    ];
    if (policy.origins.length > 1)
      traps.unshift(
        `API Gateway's mock integration and gateway responses send one static origin: ${origin} here. ${policy.origins.slice(1).join(", ")} need the preflight answered by your function (ANY /{proxy+} to a Lambda proxy integration; see the AWS Lambda fix, which reads the list from ${ORIGINS_ENV}).`,
      );
    if (needs.answerOptions)
      traps.unshift(
        "Without an OPTIONS method on the resource, API Gateway answers the preflight 403 Missing Authentication Token, which the browser reports as a CORS error.",
      );
    if (needs.beforeAuth)
      traps.unshift(
        "The OPTIONS method must have no authorizer and no API key: with SAM's Auth.DefaultAuthorizer, set Auth.AddDefaultAuthorizerToCorsPreflight: false, or SAM puts the authorizer on OPTIONS too.",
      );
    if (needs.actualResponses)
      traps.unshift(
        "The preflight passes but the actual response lacks the headers: this API uses a proxy integration, so the fix belongs in the backend (see the AWS Lambda fix), not in API Gateway.",
      );
    if (needs.singleLayer)
      traps.unshift(
        "API Gateway adds nothing to proxy responses, so the second Access-Control-Allow-Origin comes from the backend or a CDN in front of it (CloudFront response headers policy): keep exactly one.",
      );
    return {
      where: `In the REST API's OpenAPI definition (the SAM DefinitionBody, or merged with aws apigateway put-rest-api --rest-api-id ${apiId} --mode merge --body fileb://cors.yaml), under the resource for ${resourcePath}; then redeploy with aws apigateway create-deployment --rest-api-id ${apiId} --stage-name ${stage}.`,
      snippet,
      traps,
    };
  },
});
