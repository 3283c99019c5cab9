/**
 * Windows cmd.exe quoting for curl.exe. Two parsers read the line, in this order:
 *
 * 1. cmd.exe: expands `%name%`, then treats `& | < > ( ) ^ "` as syntax. Every `"` toggles its
 *    quoting, so a quote inside a value could end it; instead no `"` is ever left bare: every
 *    character but a safe few gets `^`, including each `"`, so cmd never enters quoted mode and
 *    passes everything literally. (Chrome DevTools writes `^"…^"` too but leaves `&` bare, which
 *    runs what follows it.) `%` gets `%^`: the caret makes the variable name start with `^`,
 *    which is never defined, so cmd leaves it alone and then drops the caret, as DevTools does.
 *    A line feed is `^` + LF + LF: the caret continues the line and the second LF is kept, as
 *    DevTools does.
 * 2. curl.exe's C runtime splits its command line into argv: `"…"` groups, `\"` is a quote, and
 *    backslashes are literal unless they come before a quote, where they are doubled.
 *
 * Interactive cmd with delayed expansion off (the default) is assumed; a batch file reads `%`
 * differently. Only printable ASCII, TAB and LF can be carried (see cmdCannotCarry).
 */

/** Characters cmd passes through untouched outside quotes. Everything else gets a caret. */
const CMD_SAFE = /^[A-Za-z0-9 \t_\-:=+~'/.,?;*@#$[\]{}\\`]$/;

/** Anything but printable ASCII, TAB and LF: cmd drops CR and NUL, and curl.exe reads its
 * arguments in the ANSI code page, where "best fit" turns characters like U+FF02 into `"`. */
export function cmdCannotCarry(value: string): boolean {
  return /[^\t\n\x20-\x7e]/.test(value);
}

/** `value` as the C runtime wants it: one argument in double quotes. */
export function quoteForCRuntime(value: string): string {
  return `"${value.replace(/(\\*)("|$)/g, (_, slashes: string, end: string) =>
    end === '"' ? `${slashes}${slashes}\\"` : `${slashes}${slashes}`,
  )}"`;
}

/** `value` as one curl.exe argument on a cmd line. Throws a RangeError for a value cmdCannotCarry. */
export function quoteCmd(value: string): string {
  if (cmdCannotCarry(value)) throw new RangeError("cmd and curl.exe carry only printable ASCII, TAB and LF");
  const text = quoteForCRuntime(value);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    // A caret written after a `%` already escapes this character.
    const escapedByPercent = i > 0 && text.charAt(i - 1) === "%" && c !== "\n";
    if (c === "\n") out += "^\n\n";
    else if (c === "%") {
      const next = text.charAt(i + 1);
      out += next === "" || next === "\n" ? "%" : "%^";
    } else if (escapedByPercent || CMD_SAFE.test(c)) out += c;
    else out += `^${c}`;
  }
  return out;
}
