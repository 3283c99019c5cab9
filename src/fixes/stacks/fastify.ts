import { defineStack } from "../define-stack.js";
import { ANY_ORIGIN_COMMENT, allowsAnyOrigin, jsArray, jsOrigins, ORIGINS_COMMENT } from "../snippet.js";

/** Fastify 5 with @fastify/cors 11 (https://github.com/fastify/fastify-cors). */
export const fastify = defineStack({
  id: "fastify",
  label: "Fastify (@fastify/cors)",
  language: "javascript",
  generate({ policy, needs }) {
    const options = [
      // A one-entry array matches exactly, omits the header for other origins and adds Vary: Origin.
      allowsAnyOrigin(policy.origins)
        ? `  origin: "*", // ${ANY_ORIGIN_COMMENT}`
        : "  origin: allowedOrigins, // an array: exact matches only, and Vary: Origin is sent",
      `  methods: ${jsArray(policy.methods)}, // v11 defaults to GET,HEAD,POST: always list them`,
      `  allowedHeaders: ${jsArray(policy.headers)}, // explicit: left out, every requested header is echoed`,
      ...(policy.exposeHeaders.length > 0 ? [`  exposedHeaders: ${jsArray(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["  credentials: true,"] : []),
      `  maxAge: ${policy.maxAge},`,
    ];
    const snippet = [
      "// npm install @fastify/cors",
      'import cors from "@fastify/cors";',
      "",
      ...(allowsAnyOrigin(policy.origins)
        ? []
        : [`// ${ORIGINS_COMMENT}`, `const allowedOrigins = ${jsOrigins(policy.origins)};`, ""]),
      "// Register before your authentication hooks and routes: its onRequest hook answers",
      "// preflights with 204 before any later onRequest hook (auth) runs.",
      "await fastify.register(cors, {",
      ...options,
      "});",
    ].join("\n");
    const unsafeMethods = policy.methods.some((m) => !["GET", "HEAD", "POST"].includes(m));
    const v11 =
      "@fastify/cors 11 changed the default methods to GET,HEAD,POST (PR #359): PUT, PATCH and DELETE preflights fail unless methods lists them (#370).";
    const hookOrder =
      "Hooks run in registration order: an authentication onRequest hook added before cors answers the preflight with 401, because browsers never send credentials with a preflight.";
    const traps = [
      ...(needs.singleLayer
        ? [
            "Remove the Access-Control-* headers your proxy (nginx, a CDN, the gateway) adds, or drop this plugin: the header must appear once.",
          ]
        : []),
      ...(needs.beforeAuth ? [hookOrder] : []),
      ...(needs.errorResponses
        ? [
            "The headers are set in onRequest, so thrown errors and reply.code(500) keep them; a reply sent from a hook that runs before cors has none.",
          ]
        : []),
      ...(unsafeMethods ? [v11] : []),
      ...(needs.answerOptions
        ? [
            "The plugin adds an OPTIONS * route and answers preflights in its onRequest hook, so your routes need no OPTIONS handler; keep preflight (default true) on.",
          ]
        : []),
      ...(needs.beforeAuth ? [] : [hookOrder]),
      "Register it on the root instance (it uses fastify-plugin); registered inside another plugin it only covers that plugin's routes.",
      "strictPreflight (default true) answers OPTIONS without Origin or Access-Control-Request-Method with 400: test preflights from a browser or send both headers.",
      "origin: true, or a callback that allows every origin, reflects any origin; with credentials that lets every website act as your signed-in users.",
      ...(unsafeMethods ? [] : [v11]),
    ];
    return {
      where:
        "In the file that creates the Fastify instance (an ES module), right after const fastify = Fastify(): before authentication plugins and hooks and before your routes.",
      snippet,
      traps,
    };
  },
});
