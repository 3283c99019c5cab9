/**
 * A request's name as DevTools' Network panel shows it: the last path segment and the query, the
 * part that tells requests to one API apart. The rest (scheme-less host and the path before it)
 * is the context, shown dim after the name. String work only: it runs for each row drawn.
 */

export interface RequestName {
  /** `42?expand=1` for `http://api.test/v1/items/42?expand=1`; `items/` for a path ending in a slash. */
  readonly name: string;
  /** `api.test/v1/items` for the URL above; "" when the name is the host itself. */
  readonly context: string;
}

export function requestName(url: string): RequestName {
  const withoutFragment = cut(url, "#");
  const schemeEnd = withoutFragment.indexOf("://");
  // data:, blob:, about: and the like: no host or path to split.
  if (schemeEnd < 0) return { name: withoutFragment, context: "" };
  const rest = withoutFragment.slice(schemeEnd + 3);
  const queryStart = rest.indexOf("?");
  const beforeQuery = queryStart < 0 ? rest : rest.slice(0, queryStart);
  const query = queryStart < 0 ? "" : rest.slice(queryStart);
  const pathStart = beforeQuery.indexOf("/");
  const host = pathStart < 0 ? beforeQuery : beforeQuery.slice(0, pathStart);
  const path = pathStart < 0 ? "/" : beforeQuery.slice(pathStart);
  if (path === "/") return query ? { name: `/${query}`, context: host } : { name: host, context: "" };
  // A trailing slash belongs to the last segment ("items/"), as in DevTools.
  const trimmed = path.endsWith("/") ? path.slice(0, -1) : path;
  const lastSlash = trimmed.lastIndexOf("/");
  const name = path.slice(lastSlash + 1) + query;
  return { name, context: host + trimmed.slice(0, lastSlash) };
}

function cut(text: string, at: string): string {
  const index = text.indexOf(at);
  return index < 0 ? text : text.slice(0, index);
}
