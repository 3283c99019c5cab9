import { defineStack, headerMatches } from "../define-stack.js";
import { EXISTING_MARKER, list, pathScopes, quoted } from "../snippet.js";

/** Caddy v2 Caddyfile (https://caddyserver.com/docs/caddyfile/directives/header). */
export const caddy = defineStack({
  id: "caddy",
  label: "Caddy v2 (Caddyfile)",
  language: "caddyfile",
  detect: {
    precedence: 300,
    rules: [{ confidence: "high", match: headerMatches("Server", /^caddy/i) }],
  },
  generate({ policy, needs }) {
    // The API's first path segment and everything under it, as one path pattern: Caddy sorts
    // handle blocks with a single path longest first and keeps the file's order for equal ones,
    // so the preflight handle runs before an existing `handle /v1/*` written below it.
    // Each scope as itself and everything under it (`/v1 /v1/*`), the whole site for "/".
    const scopes = pathScopes(policy.paths);
    const path = scopes ? scopes.flatMap((s) => [s, `${s}/*`]).join(" ") : "/*";
    const prefix = scopes?.[0] ?? "";
    // One origin (or `*`) is written as is; several: the request's Origin, only when it is listed.
    const mapped = policy.origins.length > 1;
    const origin = mapped ? "{header.Origin}" : quoted(policy.origins[0] ?? "");
    // Repeated header lines for one field are OR'ed (one line with several values is refused).
    const originMatcher = mapped ? policy.origins.map((o) => `\theader Origin ${quoted(o)}`) : [];
    const preflightMatcher = ["\tmethod OPTIONS", "\theader Access-Control-Request-Method *", `\tpath ${path}`];
    const lines = [
      needs.preflight
        ? "# Caddy v2 has no cors directive (the v1 one is gone): header + a preflight handle."
        : "# Caddy v2 has no cors directive (the v1 one is gone): the header directive does it.",
      ...(mapped
        ? [
            "# The allowed page origins (those seen in the capture); add or remove them here.",
            "@cors {",
            `\tpath ${path}`,
            ...originMatcher,
            "}",
          ]
        : [`@cors path ${path}`]),
      "# Set before any handler runs, so errors (4xx/5xx, failed upstreams) carry them too.",
      "header @cors {",
      `\tAccess-Control-Allow-Origin ${origin}`,
      ...(policy.credentials ? ['\tAccess-Control-Allow-Credentials "true"'] : []),
      ...(policy.exposeHeaders.length > 0
        ? [`\tAccess-Control-Expose-Headers ${quoted(list(policy.exposeHeaders))}`]
        : []),
      "\t+Vary Origin",
      "}",
      ...(needs.singleLayer
        ? [
            "# The application behind reverse_proxy sends its own: replace it when the response is written.",
            "header @cors {",
            `\tAccess-Control-Allow-Origin ${origin}`,
            policy.credentials ? '\tAccess-Control-Allow-Credentials "true"' : "\t-Access-Control-Allow-Credentials",
            "\tdefer",
            "}",
          ]
        : []),
      ...(needs.preflight
        ? [
            "",
            "@cors_preflight {",
            ...preflightMatcher,
            "}",
            "header @cors_preflight {",
            `\tAccess-Control-Allow-Methods ${quoted(list(policy.methods))}`,
            ...(policy.headers.length > 0 ? [`\tAccess-Control-Allow-Headers ${quoted(list(policy.headers))}`] : []),
            `\tAccess-Control-Max-Age "${policy.maxAge}"`,
            "}",
            "handle @cors_preflight {",
            "\trespond 204",
            "}",
            "# basicauth and forward_auth run before handle in Caddy's directive order: put this",
            "# matcher on them so preflights, which never carry credentials, reach the handle above.",
            "@cors_authenticated not {",
            ...preflightMatcher,
            "}",
          ]
        : []),
      "",
      needs.preflight
        ? `# ${EXISTING_MARKER}, with the matcher on your auth: forward_auth @cors_authenticated ... or basicauth @cors_authenticated { ... }`
        : `# ${EXISTING_MARKER} (reverse_proxy, php_fastcgi, file_server, ...)`,
    ];
    const traps = [
      "enable-cors.org's Caddy recipe and the cors directive are Caddy v1 only; Caddy v2 refuses them.",
      "If the upstream behind reverse_proxy also sends Access-Control-Allow-Origin, the browser sees it twice; keep CORS in one layer.",
    ];
    if (needs.preflight)
      traps.unshift(
        "Caddy runs directives in its own order, not the file's: basicauth and forward_auth come before handle, so without the @cors_authenticated matcher they answer preflights with 401 (caddyserver/caddy#1568).",
        `Caddy tries handle blocks with a longer single path first: one more specific than ${path} (say handle ${prefix}/items/*) gets the preflights before the handle above; make respond @cors_preflight 204 its first line.`,
        "Caddy 2.8 renamed basicauth to basic_auth (the old name still works); the matcher goes right after the directive name either way.",
      );
    if (needs.singleLayer)
      traps.push(
        "The 'defer' block rewrites the upstream's value when the response is written; the first block still covers errors Caddy answers itself.",
      );
    return {
      where: `At the top of the site block for ${policy.apiOrigin}, above your own handle blocks; Caddy 2.6 or later.`,
      snippet: lines.join("\n"),
      traps,
    };
  },
});
