import { defineStack } from "../define-stack.js";
import { js, jsArray, pathPrefix } from "../snippet.js";

/** Hono's built-in CORS middleware (https://hono.dev/docs/middleware/builtin/cors). */
export const hono = defineStack({
  id: "hono",
  label: "Hono (hono/cors)",
  language: "typescript",
  generate({ policy, needs }) {
    const prefix = pathPrefix(policy.path);
    const scope = prefix ? `${prefix}/*` : "*";
    // hono/cors echoes Access-Control-Request-Headers when allowHeaders is empty; "accept" is
    // CORS-safelisted, so listing it alone allows nothing the browser would not send anyway.
    const allowHeaders =
      policy.headers.length > 0
        ? `allowHeaders: ${jsArray(policy.headers)},`
        : `allowHeaders: ["accept"], // never empty: an empty list echoes every requested header`;
    const options = [
      `origin: ${js(policy.origin)}, // the page's exact origin: one string, not an array or a function`,
      `allowMethods: ${jsArray(policy.methods)},`,
      allowHeaders,
      ...(policy.exposeHeaders.length > 0 ? [`exposeHeaders: ${jsArray(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["credentials: true,"] : []),
      `maxAge: ${policy.maxAge},`,
    ].map((line) => `    ${line}`);
    const snippet = [
      'import { cors } from "hono/cors";',
      "",
      "// Before your authentication middleware and routes: preflights are answered here with 204.",
      "app.use(",
      `  ${js(scope)},`,
      "  cors({",
      ...options,
      "  }),",
      ");",
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
      `The path must cover the failing route: ${js(scope)} matches ${policy.path}; a route outside it gets no CORS headers and its preflight falls through to your routes.`,
      ...(needs.beforeAuth ? [] : [order]),
      "With an origin array, hono 4.6 answered an unlisted origin with the first configured origin (the browser then reports a mismatch); list one exact origin or upgrade.",
      "origin: (origin) => origin reflects any origin; with credentials that lets every website act as your signed-in users.",
    ];
    return {
      where: `In the file that creates the Hono app, right after const app = new Hono(): before any auth middleware and before the routes under ${prefix ?? "/"}.`,
      snippet,
      traps,
    };
  },
});
