import { defineStack, headerMatches, headerPresent } from "../define-stack.js";
import { EXISTING_MARKER, quoted } from "../snippet.js";

/** The methods the `cors` plugin's schema accepts in `config.methods`. */
export const KONG_METHODS: readonly string[] = [
  "GET",
  "HEAD",
  "PUT",
  "PATCH",
  "POST",
  "DELETE",
  "OPTIONS",
  "TRACE",
  "CONNECT",
];

/**
 * Kong Gateway's bundled `cors` plugin in declarative configuration (kong.yml / decK)
 * (https://developer.konghq.com/plugins/cors/, kong/plugins/cors/handler.lua).
 */
export const kong = defineStack({
  id: "kong",
  label: "Kong Gateway (cors plugin)",
  language: "yaml",
  detect: {
    precedence: 50,
    rules: [
      { confidence: "high", match: headerMatches("Via", /kong/i) },
      { confidence: "high", match: headerPresent("X-Kong-Upstream-Latency") },
    ],
  },
  generate({ policy, needs }) {
    const methods = policy.methods.filter((m) => KONG_METHODS.includes(m));
    const dropped = policy.methods.filter((m) => !KONG_METHODS.includes(m));
    const items = (values: readonly string[]) => values.map((v) => `        - ${quoted(v)}`);
    const snippet = [
      '_format_version: "3.0"',
      `# ${EXISTING_MARKER} (services, routes, consumers and other plugins stay as they are)`,
      "plugins:",
      "  # Global here; to scope it, move this entry under your service or route.",
      "  - name: cors",
      "    config:",
      "      origins:",
      ...items(policy.origins),
      "      methods:",
      ...items(methods),
      ...(policy.headers.length > 0 ? ["      headers:", ...items(policy.headers)] : []),
      ...(policy.exposeHeaders.length > 0 ? ["      exposed_headers:", ...items(policy.exposeHeaders)] : []),
      ...(policy.credentials ? ["      credentials: true"] : []),
      `      max_age: ${policy.maxAge}`,
      "      # Kong answers preflights itself instead of passing them to the upstream.",
      "      preflight_continue: false",
    ].join("\n");

    const traps = [
      "cors runs at priority 2000, before Kong's bundled authentication plugins, and answers preflights itself; do not move it after them with the plugin's ordering setting.",
      "A single origin made of letters, digits and . : / - is sent as written; any other character turns an entry into a PCRE regex matched against the request's Origin.",
      "cors replaces the upstream's Access-Control-Allow-Origin on responses; remove CORS from the upstream anyway so one layer owns it.",
      "The plugin adds the headers in its header_filter phase, so Kong's own errors on a matched route (an auth plugin's 401, rate limiting's 429) carry them too; a 404 for an unmatched route gets none.",
    ];
    if (needs.preflight && policy.headers.length === 0)
      traps.push("With no headers listed, Kong echoes the preflight's Access-Control-Request-Headers back.");
    if (dropped.length > 0)
      traps.unshift(
        `${dropped.join(", ")} left out: the cors plugin accepts only ${KONG_METHODS.join(", ")} in config.methods.`,
      );
    if (needs.answerOptions)
      traps.unshift(
        "A route restricted with methods: must include OPTIONS, or Kong answers the preflight 404 (no Route matched) before any plugin runs.",
      );
    if (needs.beforeAuth)
      traps.unshift(
        "The preflight reached an auth plugin: the cors plugin was missing on this route or ordered after authentication; once it applies it exits on preflights before auth runs.",
      );
    return {
      where:
        "In your declarative configuration (kong.yml for DB-less, or the decK state file), then load it (kong reload, or deck gateway sync). Through the Admin API: POST /plugins with the same config.",
      snippet,
      traps,
    };
  },
});
