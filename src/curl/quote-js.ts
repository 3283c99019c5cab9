/**
 * A JavaScript string literal, exact for every string (lone surrogates included): JSON.stringify,
 * then `\uHHHH` for what would be unsafe or invisible when the snippet is pasted or embedded:
 * `<`, `>` and `&` (so `</script>` and `<!--` cannot end an inline script), U+2028 and U+2029
 * (line terminators in older JavaScript), and the invisible characters of invisible.ts.
 */

import { isInvisible } from "./invisible.js";

export function quoteJs(value: string): string {
  let out = "";
  for (const c of JSON.stringify(value)) {
    const code = c.codePointAt(0) ?? 0;
    out += c === "<" || c === ">" || c === "&" || isInvisible(code) ? `\\u${code.toString(16).padStart(4, "0")}` : c;
  }
  return out;
}
