import { defineStack } from "../define-stack.js";
import { EXISTING_MARKER, quoted } from "../snippet.js";

/**
 * Traefik (v2 and v3) `headers` middleware with its CORS options, in the file provider's dynamic
 * configuration (https://doc.traefik.io/traefik/middlewares/http/headers/#cors-headers,
 * pkg/middlewares/headers/header.go).
 */
export const traefik = defineStack({
  id: "traefik",
  label: "Traefik (headers middleware)",
  language: "yaml",
  generate({ policy, needs }) {
    const items = (values: readonly string[]) => values.map((v) => `          - ${quoted(v)}`);
    const snippet = [
      "http:",
      "  middlewares:",
      "    cors:",
      "      headers:",
      "        accessControlAllowOriginList:",
      ...items(policy.origins),
      "        accessControlAllowMethods:",
      ...items(policy.methods),
      ...(policy.headers.length > 0 ? ["        accessControlAllowHeaders:", ...items(policy.headers)] : []),
      ...(policy.exposeHeaders.length > 0
        ? ["        accessControlExposeHeaders:", ...items(policy.exposeHeaders)]
        : []),
      ...(policy.credentials ? ["        accessControlAllowCredentials: true"] : []),
      `        accessControlMaxAge: ${policy.maxAge}`,
      "        addVaryHeader: true",
      "  routers:",
      "    # The router that serves the API.",
      "    api:",
      `      # ${EXISTING_MARKER} (rule, service, entryPoints, tls)`,
      "      middlewares:",
      "        # First: it answers preflights before forwardAuth/basicAuth run.",
      "        - cors",
    ].join("\n");

    const traps = [
      "List cors before authentication middlewares (forwardAuth, basicAuth, ...) and rateLimit: middlewares run in the listed order, and responses produced before cors never get its headers.",
      "The middleware overwrites Access-Control-Allow-Origin set by the backend; remove CORS from the backend so one layer owns it.",
      "Defined in the file provider, the middleware is cors@file for routers from Docker labels or Kubernetes (traefik.http.routers.<router>.middlewares=cors@file).",
      "accessControlAllowOriginList entries are compared exactly (scheme, host, port); addVaryHeader adds Vary: Origin so caches do not mix origins.",
    ];
    if (needs.preflight)
      traps.push(
        "A router rule restricted with Method(...) must match OPTIONS too, or the preflight never reaches the middleware.",
      );
    return {
      where:
        "In a dynamic configuration file read by the file provider (providers.file), merged with the router that serves the API; Traefik reloads it on change.",
      snippet,
      traps,
    };
  },
});
