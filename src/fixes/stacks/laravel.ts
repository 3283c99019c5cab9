import { cookieNamed, defineStack } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  ORIGINS_COMMENT,
  ORIGINS_ENV,
  originsDefault,
  pathScopes,
} from "../snippet.js";

/** A single-quoted PHP string. */
const phpString = (value: string): string => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const phpArray = (values: readonly string[]): string => `[${values.map(phpString).join(", ")}]`;

/** Laravel's HandleCors middleware and config/cors.php (https://laravel.com/docs/routing#cors). */
export const laravel = defineStack({
  id: "laravel",
  label: "Laravel (config/cors.php)",
  language: "php",
  detect: {
    precedence: 110,
    rules: [{ confidence: "high", match: cookieNamed(/^laravel_session$/i) }],
  },
  generate({ policy, needs }) {
    // The API's first path segment and everything under it, without the leading slash.
    // Laravel matches each entry with Str::is against the path without its leading slash.
    const scopes = pathScopes(policy.paths);
    const paths = scopes === null ? ["*"] : scopes.flatMap((s) => [s.slice(1), `${s.slice(1)}/*`]);
    const snippet = [
      "<?php",
      "",
      "// config/cors.php (Laravel 11+: php artisan config:publish cors)",
      "return [",
      `    'paths' => ${phpArray(paths)},`,
      `    'allowed_methods' => ${phpArray(policy.methods)},`,
      allowsAnyOrigin(policy.origins)
        ? `    'allowed_origins' => ['*'], // ${ANY_ORIGIN_COMMENT}`
        : `    'allowed_origins' => explode(',', env(${phpString(ORIGINS_ENV)}, ${phpString(originsDefault(policy.origins))})), // ${ORIGINS_COMMENT}`,
      "    'allowed_origins_patterns' => [],",
      `    'allowed_headers' => ${phpArray(policy.headers)},`,
      `    'exposed_headers' => ${phpArray(policy.exposeHeaders)},`,
      `    'max_age' => ${policy.maxAge},`,
      `    'supports_credentials' => ${policy.credentials ? "true" : "false"},`,
      "];",
    ].join("\n");
    const traps = [
      "A request outside 'paths' gets no CORS headers at all; paths have no leading slash.",
      "After a deploy with a cached config, run php artisan config:clear (or config:cache again): the old cors.php stays in effect.",
      "HandleCors is global middleware from Laravel 9.2 on; older apps use fruitcake/laravel-cors, and moving it into a route group makes auth answer preflights first.",
      "allowed_origins entries need the scheme (https://...), and '*' with supports_credentials true is rejected by browsers.",
    ];
    if (policy.credentials)
      traps.push(
        "Sanctum's cookie authentication also needs the page's host in SANCTUM_STATEFUL_DOMAINS and SESSION_DOMAIN, and axios withCredentials on the page.",
      );
    if (needs.singleLayer)
      traps.unshift(
        "Remove the Access-Control-* headers your web server (nginx add_header, Apache Header) adds: the header must appear once.",
      );
    return {
      where:
        "In config/cors.php of the Laravel app; Laravel's global HandleCors middleware applies it before routing and authentication.",
      snippet,
      traps,
    };
  },
});
