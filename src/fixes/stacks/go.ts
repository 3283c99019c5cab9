import { defineStack } from "../define-stack.js";
import { ANY_ORIGIN_COMMENT, allowsAnyOrigin, EXISTING_MARKER, ORIGINS_COMMENT, ORIGINS_ENV } from "../snippet.js";

/** A Go interpreted string literal (JSON escaping is valid Go for these values). */
const goString = (value: string): string => JSON.stringify(value);

const goStrings = (values: readonly string[]): string => `[]string{${values.map(goString).join(", ")}}`;

/** Go net/http with github.com/rs/cors (https://pkg.go.dev/github.com/rs/cors). */
export const go = defineStack({
  id: "go",
  label: "Go (rs/cors)",
  language: "go",
  generate({ policy, needs }) {
    const fields: Array<readonly [string, string]> = [
      [
        "AllowedOrigins",
        allowsAnyOrigin(policy.origins) ? `[]string{"*"}, // ${ANY_ORIGIN_COMMENT}` : "allowedOrigins(),",
      ],
      ["AllowedMethods", `${goStrings(policy.methods)},`],
      ["AllowedHeaders", `${goStrings(policy.headers)},`],
      ...(policy.exposeHeaders.length > 0 ? [["ExposedHeaders", `${goStrings(policy.exposeHeaders)},`] as const] : []),
      ...(policy.credentials ? [["AllowCredentials", "true,"] as const] : []),
      ["MaxAge", `${policy.maxAge},`],
    ];
    // gofmt aligns the values of consecutive key: value lines.
    const width = Math.max(...fields.map(([key]) => key.length)) + 1;
    const snippet = [
      "// go get github.com/rs/cors",
      'import "github.com/rs/cors"',
      "",
      ...(allowsAnyOrigin(policy.origins)
        ? []
        : [
            'import "os"',
            'import "strings"',
            "",
            `// ${ORIGINS_COMMENT}`,
            "func allowedOrigins() []string {",
            `\tif value := os.Getenv(${goString(ORIGINS_ENV)}); value != "" {`,
            '\t\treturn strings.Split(value, ",")',
            "\t}",
            `\treturn ${goStrings(policy.origins)}`,
            "}",
            "",
          ]),
      "// withCORS wraps the whole handler (router and authentication middleware), so preflights are",
      "// answered before authentication and every response, errors included, carries the headers.",
      "func withCORS(h http.Handler) http.Handler {",
      "\treturn cors.New(cors.Options{",
      ...fields.map(([key, value]) => `\t\t${`${key}:`.padEnd(width)} ${value}`),
      "\t}).Handler(h)",
      "}",
      "",
      `// ${EXISTING_MARKER}: serve withCORS(handler) instead of handler, e.g.`,
      "// http.ListenAndServe(addr, withCORS(router))",
    ].join("\n");
    const traps = [
      "Wrap the outermost handler: a router or auth middleware outside withCORS answers preflights with 401/405 before rs/cors sees them.",
      "A failed preflight check answers without Access-Control-Allow-Origin, so the browser reports a missing header even when a method or header was the problem (rs/cors#54); set Debug: true while testing.",
      'AllowOriginFunc returning true for every origin, or "*" with AllowCredentials, lets every website act as your users.',
    ];
    if (needs.errorResponses)
      traps.push(
        "A panic in a handler makes net/http drop the connection with no response at all, which the browser reports as a CORS error: recover inside withCORS and answer with http.Error(w, ..., 500).",
      );
    if (needs.singleLayer)
      traps.unshift("Remove the Access-Control-* headers your proxy (nginx, a CDN) adds: the header must appear once.");
    return {
      where:
        "In the Go file that starts the HTTP server: add the function and wrap the handler you pass to http.ListenAndServe (or http.Server.Handler).",
      snippet,
      traps,
    };
  },
});
