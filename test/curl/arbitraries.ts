/**
 * Strings that try to break out of a shell's quoting: every quote character (ASCII, U+2018–U+201F,
 * fullwidth), shell syntax (`& | < > ^ % ! $( ) ` ; \`), line breaks, NUL, controls, bidi controls,
 * line separators, lone surrogates and astral characters, mixed with ordinary text.
 */

import fc from "fast-check";
import type { RequestSpec } from "../../src/curl/index.js";

export const NASTY = [
  "'",
  '"',
  "`",
  "\u2018",
  "\u2019",
  "\u201a",
  "\u201b",
  "\u201c",
  "\u201d",
  "\u201e",
  "\u201f",
  "\uff02",
  "\uff07",
  "&",
  "|",
  "<",
  ">",
  "^",
  "%",
  "!",
  "$",
  "(",
  ")",
  "$(",
  "{",
  "}",
  ";",
  "\\",
  "\\\\",
  "*",
  "?",
  "~",
  "#",
  "=",
  ",",
  " ",
  "\t",
  "\n",
  "\r",
  "\r\n",
  "\0",
  "\x1b",
  "\x7f",
  "\x85",
  "\u2028",
  "\u2029",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\ud83d\ude00",
  "\ud800",
  "\udc00",
  "é",
  "%PATH%",
  "!PATH!",
  "$HOME",
  "calc",
  "-o",
  "@",
];

/** One unit: a troublesome piece, any code point (lone surrogates included), or plain ASCII. */
export function nastyString(alphabet: readonly string[] = NASTY, options: { anyCodePoint?: boolean } = {}) {
  const units = [fc.constantFrom(...alphabet), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 })];
  if (options.anyCodePoint !== false) units.push(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
  return fc.string({ unit: fc.oneof(...units), maxLength: 24 });
}

/** A request spec whose method, URL and header values are all hostile; names stay tokens. */
export function nastySpec(value: fc.Arbitrary<string>): fc.Arbitrary<RequestSpec> {
  return fc.record({
    method: fc.oneof(fc.constant("GET"), fc.constant("PUT"), value),
    url: value.map((v) => `https://api.test/items?a=${v}`),
    headers: fc.array(fc.record({ name: fc.constantFrom("X-Test", "Origin", "Authorization-Like", "Accept"), value }), {
      maxLength: 3,
    }),
    notes: fc.constant([]),
  });
}

/** The argv a curl command built from `spec` must produce, given how the flavour maps each value. */
export function intendedArgv(spec: RequestSpec, carry: (value: string, kind: "url" | "text") => string): string[] {
  const argv = ["-i"];
  if (spec.method !== "GET") argv.push("-X", carry(spec.method, "text"));
  argv.push("--globoff", "--url", carry(spec.url, "url"));
  for (const h of spec.headers) {
    argv.push("-H", carry(h.value === "" ? `${h.name};` : `${h.name}: ${h.value}`, "text"));
  }
  return argv;
}

/** `value` with each lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, ES2024). */
export function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}
