/**
 * The gateway, CDN and storage snippets are configuration files no test server can load here
 * (no AWS, Kong, Envoy or Traefik): check that each is well-formed in its format (JSON parses, the
 * YAML is a consistent block structure) and that the product's fields carry the right names and
 * value types, for every plan scenario and for synthetic plans that exercise every need.
 */

import { describe, expect, it } from "vitest";
import { type FixPlan, generateFix, type StackId } from "../../src/fixes/index.js";
import { EXISTING_MARKER } from "../../src/fixes/snippet.js";
import { executeApiUrl } from "../../src/fixes/stacks/aws-rest-api.js";
import { KONG_METHODS } from "../../src/fixes/stacks/kong.js";
import { S3_METHODS, s3Bucket } from "../../src/fixes/stacks/s3.js";
import { PLAN_SCENARIOS, planFromScenario } from "./plans.js";

// ---------------------------------------------------------------------------------------------
// A strict parser for the block-style YAML subset the generators write: mappings, sequences
// (indented or compact), double-quoted / plain / tagged scalars, `[]` and `{}`, full-line and
// trailing comments. Anything else (tabs, odd indentation, duplicate keys, ambiguous plain
// scalars) throws, so a snippet that parses here is also valid YAML with the same structure.

type Yaml = string | number | boolean | null | Tagged | Yaml[] | { [key: string]: Yaml };

class Tagged {
  constructor(
    readonly tag: string,
    readonly value: string,
  ) {}
}

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly no: number;
}

function stripComment(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes && c === "\\") i++;
    else if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === "#" && (i === 0 || text[i - 1] === " ")) return text.slice(0, i).trimEnd();
  }
  if (inQuotes) throw new Error(`unterminated string: ${text}`);
  return text.trimEnd();
}

function scalar(raw: string, no: number): Yaml {
  const text = raw.trim();
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new Error(`line ${no}: bad double-quoted scalar ${text}`);
    }
  }
  const tag = /^(![A-Za-z]+)\s+(.+)$/.exec(text);
  if (tag?.[1] && tag[2]) {
    const value = scalar(tag[2], no);
    if (typeof value !== "string") throw new Error(`line ${no}: tagged non-string ${text}`);
    return new Tagged(tag[1], value);
  }
  if (text === "[]") return [];
  if (text === "{}") return {};
  if (text === "true" || text === "false") return text === "true";
  if (text === "null" || text === "~") return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^['[{&*!|>%@`]/.test(text) || text.includes(": ") || text.endsWith(":") || text.includes(" #")) {
    throw new Error(`line ${no}: ambiguous plain scalar ${text}`);
  }
  return text;
}

const KEY = /^("(?:[^"\\]|\\.)*"|[^\s"'[\]{}#&*!|>%@`,?:-][^#]*?)\s*:(?:\s+(.*))?$/;

function parseYaml(source: string): Yaml {
  const lines: Line[] = [];
  source.split("\n").forEach((raw, index) => {
    if (raw.includes("\t")) throw new Error(`line ${index + 1}: tab`);
    const text = stripComment(raw);
    if (text.trim() === "") return;
    const indent = text.length - text.trimStart().length;
    lines.push({ indent, text: text.trimStart(), no: index + 1 });
  });
  let i = 0;
  const isItem = (line: Line) => line.text === "-" || line.text.startsWith("- ");

  function node(parentIndent: number, allowCompactSeq: boolean): Yaml {
    const line = lines[i];
    if (!line) return null;
    if (line.indent > parentIndent) return isItem(line) ? seq(line.indent) : map(line.indent);
    if (allowCompactSeq && line.indent === parentIndent && isItem(line)) return seq(line.indent);
    return null;
  }

  function map(indent: number): Yaml {
    const out: { [key: string]: Yaml } = {};
    while (i < lines.length) {
      const line = lines[i] as Line;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new Error(`line ${line.no}: unexpected indentation`);
      if (isItem(line)) break;
      const match = KEY.exec(line.text);
      if (!match?.[1]) throw new Error(`line ${line.no}: not a "key: value" line: ${line.text}`);
      const key = match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : match[1];
      if (Object.hasOwn(out, key)) throw new Error(`line ${line.no}: duplicate key ${key}`);
      i++;
      out[key] = match[2] !== undefined && match[2] !== "" ? scalar(match[2], line.no) : node(indent, true);
    }
    return out;
  }

  function seq(indent: number): Yaml {
    const out: Yaml[] = [];
    while (i < lines.length) {
      const line = lines[i] as Line;
      if (line.indent < indent || (line.indent === indent && !isItem(line))) break;
      if (line.indent > indent) throw new Error(`line ${line.no}: unexpected indentation`);
      const rest = line.text === "-" ? "" : line.text.slice(2);
      if (rest.trim() === "") {
        i++;
        out.push(node(indent, false));
      } else if (KEY.test(rest)) {
        // "- key: value" opens a mapping whose keys sit at the column after "- ".
        lines[i] = { indent: indent + 2, text: rest, no: line.no };
        out.push(map(indent + 2));
      } else {
        i++;
        out.push(scalar(rest, line.no));
      }
    }
    return out;
  }

  const root = node(-1, false);
  if (i < lines.length) throw new Error(`line ${lines[i]?.no}: unexpected content`);
  return root;
}

// ---------------------------------------------------------------------------------------------

type Obj = { [key: string]: Yaml };
const obj = (value: Yaml | undefined): Obj => {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`not a mapping: ${JSON.stringify(value)}`);
  }
  return value as Obj;
};
const arr = (value: Yaml | undefined): Yaml[] => {
  if (!Array.isArray(value)) throw new Error(`not a sequence: ${JSON.stringify(value)}`);
  return value;
};
const keysWithin = (value: Obj, allowed: readonly string[]) =>
  expect(Object.keys(value).filter((k) => !allowed.includes(k))).toEqual([]);

describe("the YAML subset checker", () => {
  it("parses mappings, sequences, compact sequences, tags and comments", () => {
    expect(
      parseYaml(
        [
          "a: 1 # note",
          '"@type": "x # not a comment"',
          "b:",
          "  - c: true",
          "    d: [] ",
          "  - plain",
          "e:",
          "- !Ref Thing",
        ].join("\n"),
      ),
    ).toEqual({
      a: 1,
      "@type": "x # not a comment",
      b: [{ c: true, d: [] }, "plain"],
      e: [new Tagged("!Ref", "Thing")],
    });
  });

  it.each([
    ["a tab", "a:\n\tb: 1"],
    ["a duplicate key", "a: 1\na: 2"],
    ["inconsistent indentation", "a:\n    b: 1\n  c: 2"],
    ["a child under a scalar", "a: 1\n  b: 2"],
    ["an ambiguous plain scalar", "a: b: c"],
    ["an unterminated string", 'a: "b'],
    ["a stray line", "- a\nb: 1"],
  ])("rejects %s", (_, text) => {
    expect(() => parseYaml(text)).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------

const MY_STACKS = ["aws-rest-api", "aws-http-api", "aws-lambda", "kong", "envoy", "traefik", "s3"] as const;

function variant(base: FixPlan, policy: Partial<FixPlan["policy"]>, needs: Partial<FixPlan["needs"]>): FixPlan {
  return { ...base, policy: { ...base.policy, ...policy }, needs: { ...base.needs, ...needs } };
}

const allNeeds = {
  preflight: true,
  beforeAuth: true,
  answerOptions: true,
  errorResponses: true,
  singleLayer: true,
  actualResponses: true,
};

function plans(): Array<[string, FixPlan]> {
  const base = planFromScenario("preflight-credentials-acac-missing");
  return [
    ...PLAN_SCENARIOS.map((s): [string, FixPlan] => [s, planFromScenario(s)]),
    [
      "every need, execute-api URL, exposed headers, a custom method",
      variant(
        base,
        {
          apiOrigin: "https://abc123defg.execute-api.eu-west-1.amazonaws.com",
          paths: ["/prod/v1/items/42"],
          methods: [...base.policy.methods, "PROPFIND"],
          exposeHeaders: ["x-total-count", "etag"],
        },
        allNeeds,
      ),
    ],
    [
      "an S3 bucket, no credentials, no request headers",
      variant(
        base,
        {
          apiOrigin: "https://my-bucket.s3.eu-west-1.amazonaws.com",
          paths: ["/uploads/a.png"],
          credentials: false,
          headers: [],
        },
        { beforeAuth: false },
      ),
    ],
  ];
}

describe.each(plans())("%s", (_, plan) => {
  const { policy, needs } = plan;
  const snippet = (stack: StackId) => generateFix(plan, stack).snippet;

  it("marks where the user's own configuration goes, once (none in JSON)", () => {
    for (const stack of MY_STACKS) {
      const count = snippet(stack).split(EXISTING_MARKER).length - 1;
      expect(count, stack).toBe(stack === "s3" ? 0 : 1);
    }
  });

  it("aws-rest-api: an OpenAPI fragment API Gateway imports, with quoted static values", () => {
    const doc = obj(parseYaml(snippet("aws-rest-api")));
    const responses = obj(doc["x-amazon-apigateway-gateway-responses"]);
    expect(Object.keys(responses)).toEqual([
      "DEFAULT_4XX",
      "DEFAULT_5XX",
      ...(needs.beforeAuth ? ["UNAUTHORIZED"] : []),
    ]);
    for (const response of Object.values(responses)) {
      const params = obj(obj(response).responseParameters);
      expect(params["gatewayresponse.header.Access-Control-Allow-Origin"]).toBe(`'${policy.origins[0]}'`);
      expect(params["gatewayresponse.header.Vary"]).toBe("'Origin'");
      expect(params["gatewayresponse.header.Access-Control-Allow-Credentials"]).toBe(
        policy.credentials ? "'true'" : undefined,
      );
    }
    if (!needs.preflight) {
      expect(doc.paths).toBeUndefined();
      return;
    }
    const path = executeApiUrl(policy)?.rest ?? policy.paths[0] ?? "/";
    const options = obj(obj(obj(doc.paths)[path]).options);
    expect(options.security).toEqual([]);
    const declared = Object.keys(obj(obj(obj(options.responses)["200"]).headers));
    const integration = obj(options["x-amazon-apigateway-integration"]);
    expect(integration.type).toBe("mock");
    expect(obj(integration.requestTemplates)["application/json"]).toBe('{"statusCode": 200}');
    const mapped = obj(obj(obj(integration.responses).default).responseParameters);
    expect(obj(obj(integration.responses).default).statusCode).toBe("200");
    for (const [key, value] of Object.entries(mapped)) {
      // Every mapped header is declared on the method response, or the import fails.
      expect(declared).toContain(key.replace("method.response.header.", ""));
      expect(value).toMatch(/^'[^']+'$/);
    }
    expect(mapped["method.response.header.Access-Control-Allow-Origin"]).toBe(`'${policy.origins[0]}'`);
    expect(mapped["method.response.header.Access-Control-Allow-Methods"]).toBe(`'${policy.methods.join(", ")}'`);
    expect(mapped["method.response.header.Access-Control-Max-Age"]).toBe(`'${policy.maxAge}'`);
  });

  it("aws-http-api: CloudFormation CorsConfiguration with arrays, a boolean and an integer", () => {
    const doc = obj(parseYaml(snippet("aws-http-api")));
    const api = obj(obj(doc.Resources).HttpApi);
    expect(api.Type).toBe("AWS::ApiGatewayV2::Api");
    const cors = obj(obj(api.Properties).CorsConfiguration);
    keysWithin(cors, ["AllowOrigins", "AllowMethods", "AllowHeaders", "ExposeHeaders", "AllowCredentials", "MaxAge"]);
    expect(cors.AllowOrigins).toEqual(policy.origins);
    expect(cors.AllowMethods).toEqual(policy.methods);
    expect(cors.AllowHeaders).toEqual(policy.headers.length > 0 ? policy.headers : undefined);
    expect(cors.ExposeHeaders).toEqual(policy.exposeHeaders.length > 0 ? policy.exposeHeaders : undefined);
    expect(cors.AllowCredentials).toBe(policy.credentials ? true : undefined);
    expect(cors.MaxAge).toBe(policy.maxAge);
    const route = obj(doc.Resources).PreflightRoute;
    if (!needs.beforeAuth) {
      expect(route).toBeUndefined();
      return;
    }
    const props = obj(obj(route).Properties);
    expect(obj(route).Type).toBe("AWS::ApiGatewayV2::Route");
    expect(props.RouteKey).toBe("OPTIONS /{proxy+}");
    expect(props.AuthorizationType).toBe("NONE");
    expect(props.ApiId).toEqual(new Tagged("!Ref", "HttpApi"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's !Sub syntax, not a JS template.
    expect(props.Target).toEqual(new Tagged("!Sub", "integrations/${PreflightIntegration}"));
  });

  it("kong: a declarative cors plugin within the plugin's schema", () => {
    const doc = obj(parseYaml(snippet("kong")));
    expect(doc._format_version).toBe("3.0");
    const plugin = obj(arr(doc.plugins)[0]);
    expect(plugin.name).toBe("cors");
    const config = obj(plugin.config);
    keysWithin(config, [
      "origins",
      "methods",
      "headers",
      "exposed_headers",
      "credentials",
      "max_age",
      "preflight_continue",
      "private_network",
      "allow_origin_absent",
    ]);
    expect(config.origins).toEqual(policy.origins);
    expect(config.methods).toEqual(policy.methods.filter((m) => KONG_METHODS.includes(m)));
    expect(config.max_age).toBe(policy.maxAge);
    expect(config.preflight_continue).toBe(false);
    expect(config.credentials).toBe(policy.credentials ? true : undefined);
  });

  it("envoy: the v3 cors filter and a CorsPolicy with string fields", () => {
    const doc = obj(parseYaml(snippet("envoy")));
    const filters = arr(doc.http_filters).map(obj);
    expect(filters[0]?.name).toBe("envoy.filters.http.cors");
    expect(obj(filters[0]?.typed_config)["@type"]).toBe(
      "type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors",
    );
    expect(filters.at(-1)?.name).toBe("envoy.filters.http.router");
    const vhost = obj(arr(obj(doc.route_config).virtual_hosts)[0]);
    const cors = obj(obj(vhost.typed_per_filter_config)["envoy.filters.http.cors"]);
    keysWithin(cors, [
      "@type",
      "allow_origin_string_match",
      "allow_methods",
      "allow_headers",
      "expose_headers",
      "max_age",
      "allow_credentials",
      "filter_enabled",
      "shadow_enabled",
      "allow_private_network_access",
      "forward_not_matching_preflights",
    ]);
    expect(cors["@type"]).toBe("type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy");
    expect(cors.allow_origin_string_match).toEqual(
      policy.origins.includes("*") ? [{ safe_regex: { regex: ".*" } }] : policy.origins.map((exact) => ({ exact })),
    );
    expect(cors.allow_methods).toBe(policy.methods.join(", "));
    expect(cors.max_age).toBe(String(policy.maxAge));
    expect(cors.allow_credentials).toBe(policy.credentials ? true : undefined);
    expect(arr(vhost.response_headers_to_add)).toEqual([{ header: { key: "Vary", value: "Origin" } }]);
    expect(vhost.response_headers_to_remove).toEqual(
      needs.singleLayer ? ["access-control-allow-origin", "access-control-allow-credentials"] : undefined,
    );
  });

  it("traefik: a headers middleware with its CORS options, first in the router's chain", () => {
    const doc = obj(parseYaml(snippet("traefik")));
    const http = obj(doc.http);
    const headers = obj(obj(obj(http.middlewares).cors).headers);
    keysWithin(headers, [
      "accessControlAllowOriginList",
      "accessControlAllowMethods",
      "accessControlAllowHeaders",
      "accessControlExposeHeaders",
      "accessControlAllowCredentials",
      "accessControlMaxAge",
      "addVaryHeader",
    ]);
    expect(headers.accessControlAllowOriginList).toEqual(policy.origins);
    expect(headers.accessControlAllowMethods).toEqual(policy.methods);
    expect(headers.accessControlMaxAge).toBe(policy.maxAge);
    expect(headers.addVaryHeader).toBe(true);
    expect(headers.accessControlAllowCredentials).toBe(policy.credentials ? true : undefined);
    expect(arr(obj(obj(http.routers).api).middlewares)[0]).toBe("cors");
  });

  it("s3: a put-bucket-cors JSON document with only the methods S3 accepts", () => {
    const doc = JSON.parse(snippet("s3")) as { CORSRules: Array<Record<string, unknown>> };
    expect(Object.keys(doc)).toEqual(["CORSRules"]);
    expect(doc.CORSRules).toHaveLength(1);
    const rule = doc.CORSRules[0] as Record<string, unknown>;
    keysWithin(rule as Obj, [
      "ID",
      "AllowedOrigins",
      "AllowedMethods",
      "AllowedHeaders",
      "ExposeHeaders",
      "MaxAgeSeconds",
    ]);
    expect(rule.AllowedOrigins).toEqual(policy.origins);
    expect(rule.AllowedMethods).toEqual(policy.methods.filter((m) => S3_METHODS.includes(m)));
    expect(rule.MaxAgeSeconds).toBe(policy.maxAge);
    expect(rule.AllowedHeaders).toEqual(policy.headers.length > 0 ? policy.headers : undefined);
  });

  it("aws-lambda: the handler runs and puts the headers on every response", async () => {
    const code = snippet("aws-lambda")
      .replace(
        /^.*your existing configuration.*$/m,
        "  if (event.fail) throw new Error('boom');\n  return { statusCode: 200, headers: { 'access-control-allow-origin': '*', 'X-Own': '1' }, body: 'ok' };",
      )
      .replace("export const handler", "const handler");
    type Response = { statusCode: number; headers: Record<string, string>; body: string };
    const handler = new Function(`${code}\nreturn handler;`)() as (event: object, context: object) => Promise<Response>;
    const quiet = console.error;
    console.error = () => {};
    try {
      const ok = await handler({ httpMethod: "GET", headers: { Origin: policy.origins[0] } }, {});
      expect(ok.statusCode).toBe(200);
      expect(ok.headers).toMatchObject({
        "Access-Control-Allow-Origin": policy.origins[0],
        Vary: "Origin",
        "X-Own": "1",
      });
      expect(ok.headers["access-control-allow-origin"]).toBeUndefined();
      const failed = await handler(
        { requestContext: { http: { method: "PUT" } }, headers: { origin: policy.origins[0] }, fail: true },
        {},
      );
      expect(failed.statusCode).toBe(500);
      expect(failed.headers["Access-Control-Allow-Origin"]).toBe(policy.origins[0]);
      expect(failed.headers["Access-Control-Allow-Credentials"]).toBe(policy.credentials ? "true" : undefined);
      const preflight = await handler(
        { requestContext: { http: { method: "OPTIONS" } }, headers: { origin: policy.origins[0] } },
        {},
      );
      if (needs.preflight) {
        expect(preflight.statusCode).toBe(204);
        expect(preflight.headers["Access-Control-Allow-Methods"]).toBe(policy.methods.join(", "));
        expect(preflight.headers["Access-Control-Max-Age"]).toBe(String(policy.maxAge));
      } else {
        expect(preflight.statusCode).toBe(200);
      }
    } finally {
      console.error = quiet;
    }
  });
});

describe("AWS URLs", () => {
  const base = planFromScenario("header-x-custom").policy;
  it("reads the API id, region and stage of an execute-api URL", () => {
    expect(
      executeApiUrl({
        ...base,
        apiOrigin: "https://a1b2c3.execute-api.us-east-1.amazonaws.com",
        paths: ["/prod/v1/items"],
      }),
    ).toEqual({ apiId: "a1b2c3", region: "us-east-1", firstSegment: "prod", rest: "/v1/items" });
    expect(executeApiUrl({ ...base, apiOrigin: "https://api.example.com" })).toBeNull();
  });

  it.each([
    ["https://my-bucket.s3.eu-west-1.amazonaws.com", "/a.png", "my-bucket"],
    ["https://my.bucket.s3.amazonaws.com", "/a.png", "my.bucket"],
    ["https://s3.eu-west-1.amazonaws.com", "/my-bucket/a.png", "my-bucket"],
    ["https://d111111abcdef8.cloudfront.net", "/a.png", null],
  ])("finds the bucket of %s%s", (apiOrigin, path, bucket) => {
    expect(s3Bucket({ ...base, apiOrigin, paths: [path] })).toBe(bucket);
  });
});
