/**
 * PowerShell quoting, the same in PowerShell 7 and Windows PowerShell 5.1: exact for every string.
 *
 * Text goes in single quotes, where PowerShell's tokenizer treats five characters as a quote:
 * U+0027 and the typographic U+2018, U+2019, U+201A, U+201B (its `IsSingleQuote`). Two quote
 * characters in a row stand for the second one, so each is doubled; doubling only `'` would let
 * `’` close the string. Invisible characters (see invisible.ts) are joined on as `[char]0xHHHH`.
 */

import { isInvisible, isLoneSurrogate } from "./invisible.js";

/** PowerShell's single-quote class. */
export const POWERSHELL_SINGLE_QUOTES = new Set(["'", "\u2018", "\u2019", "\u201a", "\u201b"]);

/** `value` as a PowerShell expression: `'…'`, or `('…' + [char]0x1b + '…')` with invisible characters. */
export function quotePowerShell(value: string): string {
  const parts: string[] = [];
  let run = "";
  // By UTF-16 unit, so a lone surrogate becomes [char] too and the value survives exactly.
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    const unit = value.charCodeAt(i);
    if (isInvisible(unit) || isLoneSurrogate(value, i)) {
      if (run !== "") parts.push(singleQuoted(run));
      run = "";
      parts.push(`[char]0x${unit.toString(16).padStart(4, "0")}`);
    } else {
      run += c;
    }
  }
  if (run !== "" || parts.length === 0) parts.push(singleQuoted(run));
  // A [char] first would make `+` add numbers (or, alone as an argument, be read as the text
  // "[char]0x…"); an empty string first makes it join text.
  if (parts[0]?.startsWith("[char]")) parts.unshift("''");
  if (parts.length === 1) return parts[0] as string;
  return `(${parts.join(" + ")})`;
}

function singleQuoted(text: string): string {
  let quoted = "'";
  for (const c of text) quoted += POWERSHELL_SINGLE_QUOTES.has(c) ? c + c : c;
  return `${quoted}'`;
}
