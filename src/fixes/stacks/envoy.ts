import { defineStack, headerMatches, headerPresent } from "../define-stack.js";
import { allowsAnyOrigin, EXISTING_MARKER, list, quoted } from "../snippet.js";

/**
 * Envoy's CORS filter (v3 API): `envoy.filters.http.cors` in the HTTP connection manager, and the
 * policy as the virtual host's `typed_per_filter_config`
 * (https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/cors_filter,
 * api/envoy/extensions/filters/http/cors/v3/cors.proto).
 */
export const envoy = defineStack({
  id: "envoy",
  label: "Envoy (CORS filter)",
  language: "yaml",
  detect: {
    precedence: 60,
    rules: [
      { confidence: "high", match: headerMatches("Server", /^envoy$/i) },
      { confidence: "medium", match: headerPresent("x-envoy-upstream-service-time") },
    ],
  },
  generate({ policy, needs }) {
    const host = policy.apiOrigin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
    const corsPolicy = [
      "      envoy.filters.http.cors:",
      '        "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy',
      "        allow_origin_string_match:",
      ...(allowsAnyOrigin(policy.origins)
        ? [
            "          # Any origin, as today: a public API read without credentials.",
            "          - safe_regex:",
            '              regex: ".*"',
          ]
        : policy.origins.map((origin) => `          - exact: ${quoted(origin)}`)),
      `        allow_methods: ${quoted(list(policy.methods))}`,
      ...(policy.headers.length > 0 ? [`        allow_headers: ${quoted(list(policy.headers))}`] : []),
      ...(policy.exposeHeaders.length > 0 ? [`        expose_headers: ${quoted(list(policy.exposeHeaders))}`] : []),
      `        max_age: ${quoted(String(policy.maxAge))}`,
      ...(policy.credentials ? ["        allow_credentials: true"] : []),
    ];
    const snippet = [
      `# In the HttpConnectionManager (typed_config) of the listener that serves ${policy.apiOrigin}.`,
      "http_filters:",
      "  # First: it answers preflights before authentication filters run, and their 401/403 replies",
      "  # pass back through it and get the headers.",
      "  - name: envoy.filters.http.cors",
      "    typed_config:",
      '      "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors',
      "  # Authentication filters (jwt_authn, ext_authz, rbac, ...) go here, the router stays last.",
      "  - name: envoy.filters.http.router",
      "    typed_config:",
      '      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
      "route_config:",
      "  virtual_hosts:",
      "    - name: api",
      "      domains:",
      `        - ${quoted(host)}`,
      "      typed_per_filter_config:",
      ...corsPolicy.map((l) => `  ${l}`),
      ...(needs.singleLayer
        ? [
            "      # The upstream adds its own: drop it, the CORS filter sets the one value.",
            "      response_headers_to_remove:",
            "        - access-control-allow-origin",
            "        - access-control-allow-credentials",
          ]
        : []),
      "      # The allowed origin depends on the request's Origin: caches must key on it.",
      "      response_headers_to_add:",
      "        - header:",
      "            key: Vary",
      "            value: Origin",
      `      # ${EXISTING_MARKER} (this virtual host's routes)`,
    ].join("\n");

    const traps = [
      "The cors filter must come before jwt_authn, ext_authz and rbac in http_filters (and the router last): it answers valid preflights itself, and replies from filters after it still get the headers.",
      "The key under typed_per_filter_config must be the filter's name in http_filters; a CorsPolicy there replaces the deprecated cors field of routes and virtual hosts, which is then ignored.",
      "Envoy bypasses the filter for routes with a direct_response or a redirect, and a request no route matches is answered 404 before it runs: route matches must not exclude OPTIONS (e.g. a :method header matcher).",
      "In the v3 API allow_methods, allow_headers and max_age are strings; allow_origin_string_match with exact admits only that origin.",
    ];
    if (needs.singleLayer)
      traps.unshift(
        "The filter overwrites Access-Control-Allow-Origin only for allowed origins; response_headers_to_remove drops the upstream's copy on every response. Better still, remove CORS from the upstream.",
      );
    return {
      where: `In the HTTP connection manager of the listener for ${host}: its http_filters, and the virtual host for ${host} in its route_config (or in the RouteConfiguration served over RDS); merge into yours, keeping your names.`,
      snippet,
      traps,
    };
  },
});
