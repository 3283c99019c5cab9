/** Small header helpers for capture code; the engine's own header-list module does the spec work. */

export { byteLowercase, getHeader, isHeaderNamed } from "../engine/fetch/header-list.js";

/** HTTP/2 and HTTP/3 pseudo-headers (`:authority`, `:method`, `:path`, `:scheme`, `:status`). */
export function isPseudoHeaderName(name: string): boolean {
  return name.startsWith(":");
}
