import { defineStack } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  js,
  jsArray,
  jsOrigins,
  ORIGINS_COMMENT,
  pathScopes,
} from "../snippet.js";

/** Hono's built-in CORS middleware (https://hono.dev/docs/middleware/builtin/cors). */
export const hono = defineStack({
  id: "hono",
  label: "Hono (hono/cors)",
  language: "typescript",
  generate({ policy, needs }) {
    const scopes = pathScopes(policy.paths);
    const paths = scopes ? scopes.map((s) => `${s}/*`) : ["*"];
    const anyOrigin = allowsAnyOrigin(policy.origins);
    // hono/cors echoes Access-Control-Request-Headers when allowHeaders is empty; "accept" is
    // CORS-safelisted, so listing it alone allows nothing the browser would not send anyway.
    const allowHeaders =
      policy.headers.length > 0
        ? `allowHeaders: ${jsArray(policy.headers)},`
        : `allowHeaders: ["accept"], // never empty: an empty list echoes every requested header`;
    const options = [
      anyOrigin
        ? `origin: "*", // ${ANY_ORIGIN_COMMENT}`
        : "origin: (origin) => (allowedOrigins.includes(origin) ? origin : null), // only listed origins",
      `allowMethods: ${jsArray(policy.methods)},`,
      allowHeaders,
      ...(policy.exposeHeaders.length > 0 ? [`exposeHeaders: ${jsArray(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["credentials: true,"] : []),
      `maxAge: ${policy.maxAge},`,
    ].map((line) => `    ${line}`);
    const snippet = [
      'import { cors } from "hono/cors";',
      "",
      ...(anyOrigin ? [] : [`// ${ORIGINS_COMMENT}`, `const allowedOrigins = ${jsOrigins(policy.origins)};`, ""]),
      "// Before your authentication middleware and routes: preflights are answered here with 204.",
      ...paths.flatMap((path) => ["app.use(", `  ${js(path)},`, "  cors({", ...options, "  }),", ");"]),
    ].join("\n");
    const order =
      "Middleware runs in app.use() order: an auth middleware (bearerAuth, jwt, ...) registered before cors for the same path answers the preflight with 401, because browsers never send credentials with a preflight.";
    const traps = [
      ...(needs.singleLayer
        ? [
            "Remove the Access-Control-* headers your proxy (nginx, a CDN, the gateway) adds, or drop this middleware: the header must appear once.",
          ]
        : []),
      ...(needs.beforeAuth ? [order] : []),
      ...(needs.errorResponses
        ? [
            "Errors thrown by handlers go through app.onError and keep the headers cors set; a Response built elsewhere and returned before cors runs has none.",
          ]
        : []),
      `The paths must cover the failing routes: ${paths.map(js).join(", ")} ${paths.length === 1 ? "matches" : "match"} ${policy.paths.join(", ")}; a route outside them gets no CORS headers and its preflight falls through to your routes.`,
      ...(needs.beforeAuth ? [] : [order]),
      "With an origin array, hono 4.6 answered an unlisted origin with the first configured origin (the browser then reports a mismatch): the function above answers only listed origins.",
      "origin: (origin) => origin reflects any origin; with credentials that lets every website act as your signed-in users.",
    ];
    return {
      where: `In the file that creates the Hono app, right after const app = new Hono(): before any auth middleware and before the routes under ${scopes ? scopes.join(", ") : "/"}.`,
      snippet,
      traps,
    };
  },
});
