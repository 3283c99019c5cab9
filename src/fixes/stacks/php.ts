import { defineStack, headerMatches } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  EXISTING_MARKER,
  list,
  ORIGINS_COMMENT,
  ORIGINS_ENV,
  originsDefault,
} from "../snippet.js";

/** A single-quoted PHP string. */
const phpString = (value: string): string => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** Plain PHP: header() calls at the top of the entry script (https://www.php.net/manual/en/function.header.php). */
export const php = defineStack({
  id: "php",
  label: "PHP (header())",
  language: "php",
  detect: {
    precedence: 190,
    rules: [{ confidence: "medium", match: headerMatches("X-Powered-By", /^php/i) }],
  },
  generate({ policy, needs }) {
    const anyOrigin = allowsAnyOrigin(policy.origins);
    const corsHeaders = [
      ...(policy.credentials ? [`header(${phpString("Access-Control-Allow-Credentials: true")});`] : []),
      ...(policy.exposeHeaders.length > 0
        ? [`header(${phpString(`Access-Control-Expose-Headers: ${list(policy.exposeHeaders)}`)});`]
        : []),
    ];
    const preflightHeaders = [
      `header(${phpString(`Access-Control-Allow-Methods: ${list(policy.methods)}`)});`,
      ...(policy.headers.length > 0
        ? [`header(${phpString(`Access-Control-Allow-Headers: ${list(policy.headers)}`)});`]
        : []),
      `header(${phpString(`Access-Control-Max-Age: ${policy.maxAge}`)});`,
    ];
    const allowOrigin = anyOrigin
      ? [`header(${phpString("Access-Control-Allow-Origin: *")}); // ${ANY_ORIGIN_COMMENT}`, ...corsHeaders]
      : [
          `// ${ORIGINS_COMMENT}`,
          `$allowedOrigins = explode(',', getenv(${phpString(ORIGINS_ENV)}) ?: ${phpString(originsDefault(policy.origins))});`,
          "$origin = $_SERVER['HTTP_ORIGIN'] ?? '';",
          "$originAllowed = in_array($origin, $allowedOrigins, true);",
          "if ($originAllowed) {",
          "    header('Access-Control-Allow-Origin: ' . $origin); // only a listed origin",
          ...corsHeaders.map((l) => `    ${l}`),
          "}",
        ];
    const lines = [
      "<?php",
      "// First lines of the entry script (public/index.php), before sessions, authentication and routing.",
      ...allowOrigin,
      `header(${phpString("Vary: Origin")}, false);`,
      ...(needs.preflight
        ? [
            "",
            "// Preflights carry no credentials: answer them here, before authentication.",
            "if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS' && isset($_SERVER['HTTP_ACCESS_CONTROL_REQUEST_METHOD'])) {",
            ...(anyOrigin
              ? preflightHeaders.map((l) => `    ${l}`)
              : ["    if ($originAllowed) {", ...preflightHeaders.map((l) => `        ${l}`), "    }"]),
            "    http_response_code(204);",
            "    exit;",
            "}",
          ]
        : []),
      "",
      `// ${EXISTING_MARKER} (require 'vendor/autoload.php', sessions, authentication, routing, ...)`,
    ];
    const traps = [
      "header() only works before any output: a BOM, whitespace before <?php or an earlier echo makes PHP drop these lines ('headers already sent'), on errors too.",
      "header() replaces an earlier header of the same name: a later header('Access-Control-Allow-Origin: *') in a library or controller overrides this one.",
      "If Apache or nginx in front also adds Access-Control-Allow-Origin, the browser sees it twice; keep CORS in one layer.",
    ];
    if (needs.beforeAuth)
      traps.unshift(
        "Authentication (session checks, JWT middleware) must run after these lines: browsers never send credentials with a preflight.",
      );
    return {
      where: `At the very top of the PHP entry script that serves ${policy.apiOrigin}${policy.paths.length === 1 ? policy.paths[0] : ""} (the front controller, e.g. public/index.php), before any output.`,
      snippet: lines.join("\n"),
      traps,
    };
  },
});
