import { defineStack } from "../define-stack.js";
import { ANY_ORIGIN_COMMENT, allowsAnyOrigin, jsArray, jsOrigins, ORIGINS_COMMENT } from "../snippet.js";

/** Koa with @koa/cors 5 (https://github.com/koajs/cors). */
export const koa = defineStack({
  id: "koa",
  label: "Koa (@koa/cors)",
  language: "javascript",
  generate({ policy, needs }) {
    // @koa/cors echoes Access-Control-Request-Headers when allowHeaders is empty; "accept" is
    // CORS-safelisted, so listing it alone allows nothing the browser would not send anyway.
    const allowHeaders =
      policy.headers.length > 0
        ? `  allowHeaders: ${jsArray(policy.headers)},`
        : `  allowHeaders: ["accept"], // never empty: an empty list echoes every requested header`;
    const options = [
      allowsAnyOrigin(policy.origins)
        ? `  origin: "*", // ${ANY_ORIGIN_COMMENT}`
        : '  origin: (ctx) => (allowedOrigins.includes(ctx.get("Origin")) ? ctx.get("Origin") : ""), // only listed origins',
      `  allowMethods: ${jsArray(policy.methods)},`,
      allowHeaders,
      ...(policy.exposeHeaders.length > 0 ? [`  exposeHeaders: ${jsArray(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["  credentials: true,"] : []),
      `  maxAge: ${policy.maxAge},`,
      "  keepHeadersOnError: true, // thrown errors (500) keep the CORS headers",
    ].map((line) => `  ${line}`);
    const snippet = [
      "// npm install @koa/cors",
      'const cors = require("@koa/cors");',
      "",
      ...(allowsAnyOrigin(policy.origins)
        ? []
        : [`// ${ORIGINS_COMMENT}`, `const allowedOrigins = ${jsOrigins(policy.origins)};`, ""]),
      "// The first app.use(): before authentication, routers and error handlers, so preflights get 204.",
      "app.use(",
      "  cors({",
      ...options,
      "  }),",
      ");",
    ].join("\n");
    const order =
      "Middleware runs in app.use() order: authentication (koa-jwt, koa-passport, ...) registered before cors answers the preflight with 401, because browsers never send credentials with a preflight.";
    const errors =
      "A thrown error makes Koa drop the headers already set unless they are in err.headers: keepHeadersOnError does that; an error handler of yours that builds its own response must keep them too.";
    const traps = [
      ...(needs.singleLayer
        ? [
            "Remove the Access-Control-* headers your proxy (nginx, a CDN, the gateway) adds, or drop this middleware: the header must appear once.",
          ]
        : []),
      ...(needs.beforeAuth ? [order] : []),
      ...(needs.errorResponses ? [errors] : []),
      ...(needs.answerOptions
        ? [
            "@koa/cors answers every preflight (OPTIONS with Access-Control-Request-Method) itself with 204, so your router needs no OPTIONS route, as long as cors comes first.",
          ]
        : []),
      ...(needs.beforeAuth ? [] : [order]),
      ...(needs.errorResponses ? [] : [errors]),
      "@koa/cors 5 defaults origin to *, while 4 and earlier reflected the request's Origin: always set origin explicitly.",
      "With credentials: true and no origin, @koa/cors reflects any Origin; that lets every website act as your signed-in users.",
    ];
    return {
      where:
        "In the file that creates the Koa app, as the first app.use(), before authentication, routers (router.routes()) and error-handling middleware.",
      snippet,
      traps,
    };
  },
});
