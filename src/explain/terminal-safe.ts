/**
 * Text from a capture, a server or a file, made safe to print on a terminal. Raw control
 * characters would let a header value retitle the window (OSC), clear the screen (CSI), plant a
 * hyperlink (OSC 8), overwrite a line (CR) or fake a new one (LF); bidi controls reorder what is
 * shown (U+202E makes `txt.exe` read as `exe.txt`). Every CLI text surface passes untrusted
 * strings through `terminalSafe` where it interpolates them, and the Markdown and HTML reports
 * (which the CLI may print) do the same; JSON output stays exact JSON.
 */

/** C0 controls, DEL, C1 controls, and the bidi and line-separator characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `<U+${code.toString(16).toUpperCase()}>`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const ANY_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** One value (a URL, a header value, a method): every control and bidi character made visible. */
export function terminalSafe(text: string): string {
  return ANY_UNSAFE.test(text) ? text.replace(UNSAFE, visible) : text;
}

/** Multi-line text (an error message, a code snippet): line breaks and tabs kept, everything else made visible. */
export function terminalSafeLines(text: string): string {
  return text.replace(UNSAFE, (c) => (c === "\n" || c === "\t" ? c : visible(c)));
}
