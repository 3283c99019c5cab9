/**
 * POSIX shell quoting for bash (and zsh): exact for every string an argument can hold.
 *
 * Plain text goes in single quotes, where nothing is special except `'` itself, written `'\''`.
 * A string with an invisible character (see invisible.ts) uses ANSI-C quoting, `$'…'`, as Chrome
 * DevTools' "Copy as cURL (bash)" does; there only `\` and `'` are special, `!` is escaped too
 * (history expansion), and each invisible character is written as its UTF-8 bytes, `\xHH`, so the
 * result is the same in every locale (bash's `\u` depends on it).
 */

import { isInvisible, isLoneSurrogate } from "./invisible.js";
import { utf8Bytes } from "./utf8.js";

/** What an argument cannot hold: NUL ends a C string, and a lone surrogate has no UTF-8 form. */
export function bashCannotCarry(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) === 0 || isLoneSurrogate(value, i)) return true;
  }
  return false;
}

/** `value` as one bash word. Throws a RangeError for a value bashCannotCarry. */
export function quoteBash(value: string): string {
  if (bashCannotCarry(value)) throw new RangeError("a NUL or a lone surrogate cannot be passed as an argument");
  const needsAnsiC = [...value].some((c) => isInvisible(c.codePointAt(0) ?? 0));
  if (!needsAnsiC) return `'${value.replaceAll("'", "'\\''")}'`;
  let escaped = "";
  for (const c of value) {
    const code = c.codePointAt(0) ?? 0;
    if (c === "\\" || c === "'") escaped += `\\${c}`;
    else if (c === "!") escaped += "\\x21";
    else if (isInvisible(code)) {
      for (const byte of utf8Bytes(c)) escaped += `\\x${byte.toString(16).padStart(2, "0")}`;
    } else escaped += c;
  }
  return `$'${escaped}'`;
}
