import { defineStack, headerMatches } from "../define-stack.js";
import { ANY_ORIGIN_COMMENT, allowsAnyOrigin, jsArray, jsOrigins, ORIGINS_COMMENT } from "../snippet.js";

/** Express with the `cors` middleware (https://github.com/expressjs/cors). */
export const express = defineStack({
  id: "express",
  label: "Express (cors)",
  language: "javascript",
  detect: {
    precedence: 130,
    rules: [{ confidence: "high", match: headerMatches("X-Powered-By", /^express$/i) }],
  },
  generate({ policy, needs }) {
    const anyOrigin = allowsAnyOrigin(policy.origins);
    const options = [
      anyOrigin
        ? `  origin: "*", // ${ANY_ORIGIN_COMMENT}`
        : "  origin: allowedOrigins, // an array: exact matches only, and Vary: Origin is sent",
      `  methods: ${jsArray(policy.methods)},`,
      `  allowedHeaders: ${jsArray(policy.headers)},`,
      ...(policy.exposeHeaders.length > 0 ? [`  exposedHeaders: ${jsArray(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["  credentials: true,"] : []),
      `  maxAge: ${policy.maxAge},`,
    ];
    const snippet = [
      "// npm install cors",
      'const cors = require("cors");',
      "",
      ...(anyOrigin ? [] : [`// ${ORIGINS_COMMENT}`, `const allowedOrigins = ${jsOrigins(policy.origins)};`, ""]),
      "const corsOptions = {",
      ...options,
      "};",
      "",
      "// First middleware: before body parsers, routers, authentication and error handlers.",
      "app.use(cors(corsOptions));",
    ].join("\n");
    const traps = [
      "cors answers preflights itself only when it runs before your routers; registered later, OPTIONS gets 404/405 (expressjs/cors#149).",
      "Errors passed to next(err) by routers mounted before cors carry no CORS headers (expressjs/cors#126).",
      "Using cors() on a single route needs app.options(path, cors(corsOptions)) too (expressjs/cors#195).",
      "origin: true reflects any origin; with credentials that lets every website act as your signed-in users.",
    ];
    if (needs.beforeAuth)
      traps.unshift(
        "Authentication (passport, express-jwt, ...) must come after app.use(cors(...)): browsers never send credentials with a preflight.",
      );
    if (needs.singleLayer)
      traps.unshift(
        "Remove the Access-Control-* headers your proxy (nginx, a CDN, the gateway) adds: the header must appear once (expressjs/cors#145).",
      );
    return {
      where: "In the file that creates the Express app, as the first app.use(), before routers and authentication.",
      snippet,
      traps,
    };
  },
});
