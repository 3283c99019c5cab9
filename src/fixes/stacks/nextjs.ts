import { defineStack, headerMatches } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  EXISTING_MARKER,
  js,
  jsArray,
  jsOrigins,
  list,
  ORIGINS_COMMENT,
  pathScopes,
} from "../snippet.js";

/**
 * Next.js: CORS in Proxy (`proxy.ts`, called Middleware, `middleware.ts`, before Next.js 16), the
 * place the Next.js docs give for CORS on many routes, including preflighted requests.
 */
export const nextjs = defineStack({
  id: "nextjs",
  label: "Next.js (proxy.ts)",
  language: "typescript",
  detect: {
    precedence: 120,
    rules: [{ confidence: "high", match: headerMatches("X-Powered-By", /next\.js/i) }],
  },
  generate({ policy, needs }) {
    // `/v1/:path*` matches /v1 and everything under it.
    const scopes = pathScopes(policy.paths);
    const matchers = scopes ? scopes.map((s) => `${s}/:path*`) : ["/:path*"];
    const matcher = matchers.length === 1 ? js(matchers[0] ?? "/:path*") : jsArray(matchers);
    const anyOrigin = allowsAnyOrigin(policy.origins);
    const allowed = [
      ...(anyOrigin ? [`  "Access-Control-Allow-Origin": "*",`] : []),
      ...(policy.credentials ? [`  "Access-Control-Allow-Credentials": "true",`] : []),
      ...(policy.exposeHeaders.length > 0
        ? [`  "Access-Control-Expose-Headers": ${js(list(policy.exposeHeaders))},`]
        : []),
    ];
    const snippet = [
      "// proxy.ts in the project root (or src/), next to app/ or pages/.",
      "// Next.js 15 and earlier: name the file middleware.ts and the function middleware.",
      'import { type NextRequest, NextResponse } from "next/server";',
      "",
      ...(anyOrigin
        ? [`// ${ANY_ORIGIN_COMMENT}`]
        : [`// ${ORIGINS_COMMENT}`, `const ALLOWED_ORIGINS = ${jsOrigins(policy.origins)};`]),
      "const CORS_HEADERS: Record<string, string> = {",
      ...allowed,
      "};",
      "const PREFLIGHT_HEADERS: Record<string, string> = {",
      `  "Access-Control-Allow-Methods": ${js(list(policy.methods))},`,
      ...(policy.headers.length > 0 ? [`  "Access-Control-Allow-Headers": ${js(list(policy.headers))},`] : []),
      `  "Access-Control-Max-Age": ${js(String(policy.maxAge))},`,
      "};",
      "",
      "export function proxy(request: NextRequest) {",
      ...(anyOrigin
        ? ["  const allowed = true;", "  const corsHeaders = CORS_HEADERS;"]
        : [
            '  const origin = request.headers.get("origin") ?? "";',
            "  const allowed = ALLOWED_ORIGINS.includes(origin);",
            "  // Only a listed origin is sent back.",
            '  const corsHeaders = allowed ? { ...CORS_HEADERS, "Access-Control-Allow-Origin": origin } : {};',
          ]),
      "  // Preflights are answered here with 204, before authentication and route handlers.",
      '  if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {',
      "    const headers = new Headers(allowed ? { ...corsHeaders, ...PREFLIGHT_HEADERS } : {});",
      '    headers.set("Vary", "Origin");',
      "    return new NextResponse(null, { status: 204, headers });",
      "  }",
      "",
      `  // ${EXISTING_MARKER}: authentication or rewrites that produce \`response\` go here, after the preflight.`,
      "  const response = NextResponse.next();",
      "  if (allowed) for (const [name, value] of Object.entries(corsHeaders)) response.headers.set(name, value);",
      '  response.headers.append("Vary", "Origin");',
      "  return response;",
      "}",
      "",
      "export const config = {",
      `  matcher: ${matcher},`,
      "};",
    ].join("\n");
    const traps = [
      "next.config.js headers() only adds headers to what the route returns: it cannot answer a preflight, so an OPTIONS that auth or a route answers with 401/404/405 still fails. Answer OPTIONS in proxy.ts (or export an OPTIONS function from each route.ts).",
      ...(needs.singleLayer
        ? [
            "Keep CORS in one place: remove the Access-Control-* headers from next.config.js headers(), vercel.json or the route handlers, or the browser sees them twice.",
          ]
        : []),
      ...(needs.beforeAuth
        ? [
            "Auth in the proxy (NextAuth, Clerk, Supabase helpers) must run after the OPTIONS branch: browsers never send credentials with a preflight.",
          ]
        : []),
      `The matcher must cover the failing routes: ${matcher} matches ${policy.paths.join(", ")}; config.matcher must be a literal, not a variable.`,
      ...(needs.errorResponses
        ? [
            "Check that a route handler's 500 answer carries Access-Control-Allow-Origin; if it does not, add CORS_HEADERS to the handler's error Response too.",
          ]
        : []),
      "Next.js 16 renamed middleware.ts to proxy.ts (export function proxy); middleware.ts is deprecated there: keep only one of the two files.",
    ];
    return {
      where:
        "A new proxy.ts (Next.js 16; middleware.ts before) at the project root or in src/, next to app/ or pages/; if you already have one, merge this into it with the OPTIONS branch first.",
      snippet,
      traps,
    };
  },
});
