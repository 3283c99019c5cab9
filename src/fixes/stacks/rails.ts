import { defineStack, headerMatches, headerPresent } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  ORIGINS_COMMENT,
  ORIGINS_ENV,
  originsDefault,
  pathScopes,
} from "../snippet.js";

/** A double-quoted Ruby string (no interpolation: `#` is escaped). */
const rb = (value: string): string => `"${value.replace(/[\\"#]/g, "\\$&")}"`;

const rbArray = (values: readonly string[]): string => `[${values.map(rb).join(", ")}]`;

/** A method as a Ruby symbol (`:put`), quoted when it is not a plain identifier. */
const rbSymbol = (method: string): string => {
  const lower = method.toLowerCase();
  return /^[a-z_][a-z0-9_]*$/.test(lower) ? `:${lower}` : `:${rb(lower)}`;
};

/** Rails with rack-cors (https://github.com/cyu/rack-cors). */
export const rails = defineStack({
  id: "rails",
  label: "Rails (rack-cors)",
  language: "ruby",
  detect: {
    precedence: 100,
    rules: [
      { confidence: "high", match: headerPresent("X-Rack-CORS") },
      { confidence: "medium", match: headerPresent("X-Runtime") },
      { confidence: "low", match: headerMatches("Server", /puma|webrick|passenger/i) },
    ],
  },
  generate({ policy, needs }) {
    // The API's first path segment and everything under it ("/v1/*" also matches "/v1").
    const scopes = pathScopes(policy.paths);
    const options = [
      `      headers: ${rbArray(policy.headers)},`,
      `      methods: [${policy.methods.map(rbSymbol).join(", ")}], # ${policy.methods.join(", ")}, as lower-case symbols`,
      ...(policy.exposeHeaders.length > 0 ? [`      expose: ${rbArray(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["      credentials: true,"] : []),
      `      max_age: ${policy.maxAge}`,
    ];
    const snippet = [
      '# Gemfile: gem "rack-cors"',
      "# config/initializers/cors.rb",
      ...(allowsAnyOrigin(policy.origins) ? [] : [`# ${ORIGINS_COMMENT}`]),
      "Rails.application.config.middleware.insert_before 0, Rack::Cors do",
      "  allow do",
      allowsAnyOrigin(policy.origins)
        ? `    origins "*" # ${ANY_ORIGIN_COMMENT}`
        : `    origins(*ENV.fetch(${rb(ORIGINS_ENV)}, ${rb(originsDefault(policy.origins))}).split(","))`,
      ...(scopes ?? ["*"]).flatMap((scope, index) => [
        ...(index > 0 ? [""] : []),
        `    resource ${rb(scope === "*" ? "*" : `${scope}/*`)},`,
        ...options,
      ]),
      "  end",
      "end",
    ].join("\n");
    const traps = [
      "insert_before 0 matters: rack-cors must run before Warden/Devise, Rack::Attack, ActionDispatch::Static and Rack::Cache, which answer without CORS headers (rack-cors README, Common Gotchas).",
      'Methods must be lower-case: rack-cors compares them with the lower-cased Access-Control-Request-Method, so "PUT" as a string never matches.',
      'A Regexp origin must be anchored (/\\Ahttps:\\/\\/app\\.example\\z/): an unanchored one also matches "app.example.attacker.net".',
    ];
    if (policy.credentials)
      traps.push(
        "Cross-site cookies also need SameSite=None; Secure on the session cookie (config.session_store ... same_site: :none, secure: true).",
      );
    if (needs.singleLayer)
      traps.unshift(
        "Remove the Access-Control-* headers nginx or a CDN in front adds: the header must appear once (cyu/rack-cors#55).",
      );
    else
      traps.push(
        "If nginx in front also adds Access-Control-Allow-Origin, the browser sees it twice (cyu/rack-cors#55); keep CORS in one layer.",
      );
    return {
      where:
        "In config/initializers/cors.rb; insert_before 0 puts it ahead of every other middleware, authentication included. CI verifies this rack-cors configuration as Rack middleware ahead of an authentication middleware on WEBrick, not inside a full Rails app.",
      snippet,
      traps,
    };
  },
});
