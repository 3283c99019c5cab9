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
