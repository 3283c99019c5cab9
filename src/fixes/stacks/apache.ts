import { defineStack, headerMatches } from "../define-stack.js";
import { EXISTING_MARKER, list, pathScopes, quoted, regexLiteral, scopesRegex } from "../snippet.js";

/**
 * Apache httpd 2.4 with mod_headers and mod_rewrite
 * (https://httpd.apache.org/docs/2.4/mod/mod_headers.html).
 */
export const apache = defineStack({
  id: "apache",
  label: "Apache httpd (mod_headers)",
  language: "apache",
  detect: {
    precedence: 310,
    rules: [{ confidence: "medium", match: headerMatches("Server", /^apache/i) }],
  },
  generate({ policy, needs }) {
    // One origin (or `*`) is written as is; several are matched by SetEnvIf in server context
    // (before the rewrite below answers preflights), and the header is set only when one matched.
    const mapped = policy.origins.length > 1;
    const origin = mapped ? '"%{CORS_ALLOW_ORIGIN}e" env=CORS_ALLOW_ORIGIN' : quoted(policy.origins[0] ?? "");
    const originMatch = [
      "# The allowed page origins (those seen in the capture); add or remove them here.",
      // Written without quoted(): Apache's parser keeps backslashes, so "\\." would not be a dot.
      `SetEnvIf Origin "^(${policy.origins.map(regexLiteral).join("|")})$" CORS_ALLOW_ORIGIN=$1`,
    ];
    // The API's first path segments and everything under them (the whole vhost for "/").
    const scopes = pathScopes(policy.paths);
    const opening =
      scopes === null
        ? '<Location "/">'
        : scopes.length === 1
          ? `<Location ${quoted(scopes[0] ?? "/")}>`
          : `<LocationMatch "${scopesRegex(scopes)}">`;
    const location = [
      opening,
      ...(needs.singleLayer
        ? [
            "    # The application behind Apache sends these too: drop its copies so each header appears once.",
            ...["Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"].flatMap((name) => [
              `    Header unset ${name}`,
              `    Header always unset ${name}`,
            ]),
          ]
        : []),
      needs.preflight
        ? "    # 'always' adds the headers to 4xx/5xx answers and to the 204 below too."
        : "    # 'always' adds the headers to 4xx/5xx answers too, so errors stay readable.",
      `    Header always set Access-Control-Allow-Origin ${origin}`,
      ...(policy.credentials ? ['    Header always set Access-Control-Allow-Credentials "true"'] : []),
      ...(policy.exposeHeaders.length > 0
        ? [`    Header always set Access-Control-Expose-Headers ${quoted(list(policy.exposeHeaders))}`]
        : []),
      '    Header always merge Vary "Origin"',
      ...(needs.preflight
        ? [
            `    <If "%{REQUEST_METHOD} == 'OPTIONS'">`,
            `        Header always set Access-Control-Allow-Methods ${quoted(list(policy.methods))}`,
            ...(policy.headers.length > 0
              ? [`        Header always set Access-Control-Allow-Headers ${quoted(list(policy.headers))}`]
              : []),
            `        Header always set Access-Control-Max-Age "${policy.maxAge}"`,
            "    </If>",
          ]
        : []),
      scopes !== null && scopes.length > 1 ? "</LocationMatch>" : "</Location>",
    ];
    const preflight = [
      "# Preflights: answered with 204 in server context, which runs before authentication,",
      "# ProxyPass, PHP and every .htaccess rule.",
      "RewriteEngine On",
      "RewriteCond %{REQUEST_METHOD} =OPTIONS",
      "RewriteCond %{HTTP:Access-Control-Request-Method} !^$",
      `RewriteRule "${scopesRegex(scopes)}" - [R=204,L]`,
    ];
    const snippet = [
      apacheModulesLine(needs.preflight, mapped),
      ...(mapped ? originMatch : []),
      ...location,
      ...(needs.preflight ? ["", ...preflight] : []),
      "",
      `# ${EXISTING_MARKER} (ProxyPass, DocumentRoot, authentication, ...)`,
    ].join("\n");

    const traps = [
      "Plain 'Header set' only reaches 2xx answers: without 'always', 4xx/5xx errors and a rewrite's [R=204] answer carry no CORS headers.",
      "If the application behind Apache (ProxyPass, PHP, CGI) also sends Access-Control-Allow-Origin, the browser sees it twice; keep CORS in one layer.",
    ];
    if (needs.preflight)
      traps.splice(
        1,
        0,
        "Rewrite rules in .htaccess or <Directory> run after authentication, so the preflight still gets 401; keep the RewriteRule in the <VirtualHost>.",
      );
    if (needs.beforeAuth)
      traps.unshift(
        "Authentication (AuthType/Require, mod_auth_openidc, ...) rejects preflights, which never carry credentials: the server-context RewriteRule answers them first.",
      );
    return {
      where: `In the <VirtualHost> that serves ${policy.apiOrigin} (server context, not .htaccess), before your ProxyPass and authentication directives.`,
      snippet,
      traps,
    };
  },
});

/** The modules the snippet uses: SetEnvIf (several origins) is mod_setenvif, on by default in Debian but not everywhere. */
function apacheModulesLine(preflight: boolean, mapped: boolean): string {
  const modules = ["headers", ...(preflight ? ["rewrite"] : []), ...(mapped ? ["setenvif"] : [])];
  const names = modules.map((m) => `mod_${m}`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `# Needs ${list} (a2enmod ${modules.join(" ")}).`;
}
