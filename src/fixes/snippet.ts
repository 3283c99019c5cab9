/** Helpers shared by the stack generators: quoting values into the snippet's language. */

/** A JavaScript/TypeScript string literal. */
export const js = (value: string): string => JSON.stringify(value);

/** A JavaScript array of strings on one line. */
export const jsArray = (values: readonly string[]): string => `[${values.map(js).join(", ")}]`;

/** A Python string literal (double-quoted, escaped like JSON, which Python accepts for ASCII). */
export const py = (value: string): string => JSON.stringify(value);

export const pyList = (values: readonly string[]): string => `[${values.map(py).join(", ")}]`;

/** A double-quoted string for nginx/Apache/Caddy/YAML configs (backslash and quote escaped). */
export const quoted = (value: string): string => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** `Access-Control-Allow-*` list values, comma-separated. */
export const list = (values: readonly string[]): string => values.join(", ");

/**
 * The line every snippet uses where the user's own routes or configuration go. The verification
 * suite replaces it with a real route; users keep what they already have.
 */
export const EXISTING_MARKER = "your existing configuration";

/**
 * The request path's first segment (`/v1` for `/v1/items/42`): the prefix route-scoped CORS
 * middleware and proxies cover. Null for `/`.
 */
export function pathPrefix(path: string): string | null {
  const segment = path.split(/[/?#]/)[1];
  return segment ? `/${segment}` : null;
}

/** The environment variable (or settings entry) the app snippets read the allowed origins from. */
export const ORIGINS_ENV = "CORS_ALLOWED_ORIGINS";

/** The one `origins` value that means "any origin": kept only where `*` already works without credentials. */
export const ANY_ORIGIN = "*";

export const allowsAnyOrigin = (origins: readonly string[]): boolean =>
  origins.length === 1 && origins[0] === ANY_ORIGIN;

/** The origins as the comma-separated default of `CORS_ALLOWED_ORIGINS`. */
export const originsDefault = (origins: readonly string[]): string => origins.join(",");

/** Above this many first segments a path-scoped fix covers the whole site instead. */
const MAX_SCOPES = 6;

const SCOPE_SEGMENT = /^\/[A-Za-z0-9._~%-]+$/;

/**
 * The path prefixes a route-scoped fix covers so that every request path is matched: each path's
 * first segment (`/v1` for `/v1/items/42`), meaning that segment exactly and everything under it
 * (`/v1`, `/v1/...`, not `/v1x`). Null when the whole site must be covered (a request at `/`, or
 * too many segments to list).
 */
export function pathScopes(paths: readonly string[]): string[] | null {
  const scopes: string[] = [];
  for (const path of paths) {
    const prefix = pathPrefix(path);
    // A segment outside these characters (`;`, `'`, ...) would need quoting rules per config syntax.
    if (prefix === null || !SCOPE_SEGMENT.test(prefix)) return null;
    if (!scopes.includes(prefix)) scopes.push(prefix);
  }
  return scopes.length === 0 || scopes.length > MAX_SCOPES ? null : scopes;
}

/** A literal inside a regular expression (PCRE, JavaScript, Python, Go). */
export const regexLiteral = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * One regular expression matching every scope and everything under it: `^/(?:v1|list)(?:/|$)`
 * (`^/` for the whole site).
 */
export function scopesRegex(scopes: readonly string[] | null): string {
  if (scopes === null) return "^/";
  const names = scopes.map((s) => regexLiteral(s.slice(1)));
  return `^/${names.length === 1 ? names[0] : `(?:${names.join("|")})`}(?:/|$)`;
}

/** The comment above every list of origins read from configuration. */
export const ORIGINS_COMMENT = `Allowed page origins: ${ORIGINS_ENV} (comma-separated, exact scheme://host[:port]) or, by default, those seen in the capture; never "*" with credentials, never whatever Origin says.`;

/** The comment where a public API keeps the `*` that works today. */
export const ANY_ORIGIN_COMMENT =
  "Any origin, as today: a public API read without credentials (cookies, Authorization).";

/** JavaScript: the allowed origins from the environment, defaulting to the captured ones. */
export const jsOrigins = (origins: readonly string[]): string =>
  `(process.env.${ORIGINS_ENV} ?? ${js(originsDefault(origins))}).split(",")`;

/** Python (needs `import os`). */
export const pyOrigins = (origins: readonly string[]): string =>
  `os.environ.get(${py(ORIGINS_ENV)}, ${py(originsDefault(origins))}).split(",")`;
