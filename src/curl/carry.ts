/**
 * What each shell can pass to curl, and what happens to the rest. The quoting itself is exact
 * (quote-*.ts); the characters below have no representation, so they are replaced and the
 * command says so in a comment above it. PowerShell and fetch() carry every string.
 */

import { isLoneSurrogate } from "./invisible.js";
import { bashCannotCarry } from "./quote-bash.js";
import { cmdCannotCarry } from "./quote-cmd.js";
import { utf8Bytes } from "./utf8.js";

export type ArgumentKind = "url" | "text";

export interface Carried {
  readonly value: string;
  /** The comment to show when something was replaced, or null. */
  readonly replaced: string | null;
}

export const BASH_REPLACEMENT_NOTE =
  "A NUL or an unpaired surrogate cannot be passed in an argument; each is written as U+FFFD.";
export const CMD_TEXT_REPLACEMENT_NOTE =
  "cmd and curl.exe carry only printable ASCII, TAB and line feeds (curl.exe reads arguments in the ANSI code page): any other character in a header or the method is written as ?.";
export const CMD_URL_REPLACEMENT_NOTE =
  "Characters outside printable ASCII in the URL are percent-encoded (UTF-8), as a browser sends them.";

/** `value` with what bash cannot pass replaced by U+FFFD. */
export function carryForBash(value: string): Carried {
  if (!bashCannotCarry(value)) return { value, replaced: null };
  let out = "";
  for (let i = 0; i < value.length; i++) {
    out += value.charCodeAt(i) === 0 || isLoneSurrogate(value, i) ? "\ufffd" : value.charAt(i);
  }
  return { value: out, replaced: BASH_REPLACEMENT_NOTE };
}

/** `value` with what cmd cannot pass percent-encoded (a URL) or replaced by `?` (anything else). */
export function carryForCmd(value: string, kind: ArgumentKind): Carried {
  if (!cmdCannotCarry(value)) return { value, replaced: null };
  let out = "";
  for (const c of value) {
    if (!cmdCannotCarry(c)) out += c;
    else if (kind === "text") out += "?";
    else for (const byte of utf8Bytes(c)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return { value: out, replaced: kind === "url" ? CMD_URL_REPLACEMENT_NOTE : CMD_TEXT_REPLACEMENT_NOTE };
}
