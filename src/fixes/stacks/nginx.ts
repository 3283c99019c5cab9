import { defineStack, headerMatches } from "../define-stack.js";
import { EXISTING_MARKER, list, pathScopes, quoted } from "../snippet.js";

/** nginx `add_header` (https://nginx.org/en/docs/http/ngx_http_headers_module.html). */
export const nginx = defineStack({
  id: "nginx",
  label: "nginx",
  language: "nginx",
  detect: {
    precedence: 320,
    rules: [{ confidence: "medium", match: headerMatches("Server", /^nginx/i) }],
  },
  generate({ policy, needs }) {
    // One origin (or `*`) is written as is; several go through a map, which leaves the header
    // out (an empty value) for any origin not listed.
    const mapped = policy.origins.length > 1;
    const allowOrigin = mapped ? "$cors_allow_origin" : quoted(policy.origins[0] ?? "");
    const originMap = [
      "# In the http { } block (a map cannot go inside server { }): the allowed page origins,",
      "# those seen in the capture; add or remove origins here.",
      "map $http_origin $cors_allow_origin {",
      '    default "";',
      ...policy.origins.map((origin) => `    ${quoted(origin)} $http_origin;`),
      "}",
      "",
    ];
    const common = [
      `add_header Access-Control-Allow-Origin ${allowOrigin} always;`,
      ...(policy.credentials ? ['add_header Access-Control-Allow-Credentials "true" always;'] : []),
      ...(policy.exposeHeaders.length > 0
        ? [`add_header Access-Control-Expose-Headers ${quoted(list(policy.exposeHeaders))} always;`]
        : []),
      'add_header Vary "Origin" always;',
    ];
    const preflight = [
      "# Preflights: answered here with 204, before auth_request, proxy_pass or rewrites.",
      "if ($request_method = OPTIONS) {",
      `    add_header Access-Control-Allow-Origin ${allowOrigin} always;`,
      ...(policy.credentials ? ['    add_header Access-Control-Allow-Credentials "true" always;'] : []),
      `    add_header Access-Control-Allow-Methods ${quoted(list(policy.methods))} always;`,
      ...(policy.headers.length > 0
        ? [`    add_header Access-Control-Allow-Headers ${quoted(list(policy.headers))} always;`]
        : []),
      `    add_header Access-Control-Max-Age ${policy.maxAge} always;`,
      '    add_header Vary "Origin" always;',
      "    return 204;",
      "}",
    ];
    // Like the other stacks, scope to the API's first path segments (/v1 for /v1/items/42): a
    // prefix location without the trailing slash, so /v1 itself matches too.
    const locations = pathScopes(policy.paths) ?? ["/"];
    const body = [
      ...(needs.preflight ? preflight.map((l) => `    ${l}`) : []),
      ...(needs.preflight ? [""] : []),
      "    # 'always' adds the headers to 4xx/5xx answers too, so errors stay readable.",
      ...common.map((l) => `    ${l}`),
      ...(needs.singleLayer
        ? [
            "    # The application adds its own: hide it so the header appears once.",
            "    proxy_hide_header Access-Control-Allow-Origin;",
            "    proxy_hide_header Access-Control-Allow-Credentials;",
          ]
        : []),
      "",
      `    # ${EXISTING_MARKER} (proxy_pass, root, auth_request, ...)`,
    ];
    const lines = [
      ...(mapped ? originMap : []),
      ...locations.flatMap((location, index) => [...(index > 0 ? [""] : []), `location ${location} {`, ...body, "}"]),
    ];
    return {
      where: `In the server { } block that serves ${policy.apiOrigin}: the location that serves ${policy.paths.join(", ")} (merge into your existing location ${locations.join(", ")} or the one that matches)${mapped ? "; the map goes in the http { } block" : ""}.`,
      snippet: lines.join("\n"),
      traps: [
        "add_header is not inherited: a location with its own add_header drops every add_header of the server block.",
        "nginx picks the longest matching prefix: if a longer location (say one ending in /) already serves these paths, put the lines in that one too.",
        "Without 'always', nginx adds the headers only to 2xx/3xx answers, so a 4xx/5xx becomes a CORS error in the browser.",
        "If the application behind proxy_pass also sends Access-Control-Allow-Origin, the browser sees it twice; keep CORS in one layer.",
        "return inside if is safe; other directives inside if in a location are not (the 'if is evil' page).",
      ],
    };
  },
});
