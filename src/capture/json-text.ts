/**
 * JSON text as people paste it: HAR copied out of a chat, an issue or an editor often starts with
 * a byte order mark and is indented with no-break spaces (U+00A0) or other Unicode spaces, which
 * `JSON.parse` refuses. Those are read; any other error is located (line and column) and comes with
 * what to try. The CLI (`cors-doctor har`) and the panel's import share this.
 */

export type JsonTextResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** What was forgiven, for a note (null when the text was plain JSON). */
      readonly repaired: string | null;
    }
  | { readonly ok: false; readonly message: string };

/** Parses JSON text leniently (see the module comment). Never throws. */
export function parseJsonText(input: string): JsonTextResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const first = tryParse(text);
  if (first.ok) return { ok: true, value: first.value, repaired: null };
  const spaced = replaceUnicodeSpaces(text);
  if (spaced.count > 0) {
    const second = tryParse(spaced.text);
    if (second.ok) {
      return {
        ok: true,
        value: second.value,
        repaired: `read ${spaced.count} Unicode space${spaced.count === 1 ? "" : "s"} (such as no-break spaces) between tokens as plain spaces`,
      };
    }
  }
  return { ok: false, message: describeError(spaced.count > 0 ? spaced.text : text, first.message) };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Unicode space separators and line/paragraph separators that are not JSON whitespace. */
function isUnicodeSpace(code: number): boolean {
  return (
    code === 0x00a0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Replaces Unicode spaces outside strings with ASCII spaces (inside strings they are content). */
function replaceUnicodeSpaces(text: string): { text: string; count: number } {
  let count = 0;
  let inString = false;
  let out = "";
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code > 0x7f && isUnicodeSpace(code)) {
      out += `${text.slice(copiedTo, i)} `;
      copiedTo = i + 1;
      count++;
    }
  }
  return count === 0 ? { text, count } : { text: out + text.slice(copiedTo), count };
}

interface SyntaxProblem {
  readonly offset: number;
  readonly problem: string;
  readonly hint: string;
}

const RETRY = "Export the HAR again (DevTools: Network, Save all as HAR) and open the file itself.";

function describeError(text: string, parserMessage: string): string {
  if (text.trim() === "") return "the text is empty. Paste or open a whole HAR file.";
  const found = locateJsonError(text);
  if (!found) return `${parserMessage.replace(/\s+/g, " ").slice(0, 160)}. ${RETRY}`;
  const { line, column } = lineAndColumn(text, found.offset);
  return `line ${line}, column ${column}: ${found.problem}. ${found.hint}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Names a character safely for a terminal or the panel: printable ASCII quoted, anything else as U+XXXX. */
function describeChar(text: string, offset: number): string {
  const code = text.codePointAt(offset) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return code > 0x20 && code < 0x7f ? `"${String.fromCharCode(code)}"` : hex;
}

const HEX4 = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES = '"\\/bfnrt';
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

type State = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "done";

/**
 * The first place where `text` stops being JSON (RFC 8259), with the problem in words and what
 * to try; null when it finds none. Only run after `JSON.parse` failed: a linear scan, no recursion.
 */
export function locateJsonError(text: string): SyntaxProblem | null {
  const containers: number[] = []; // 0x7b "{" or 0x5b "["
  let state: State = "value";
  let i = 0;
  const n = text.length;
  const afterValue = (): State => (containers.length === 0 ? "done" : "comma-or-close");
  const unexpected = (expected: string): SyntaxProblem => {
    const code = text.charCodeAt(i);
    let hint = RETRY;
    if (code === 0x27) hint = "JSON needs double quotes; this looks like a JavaScript object, not a saved HAR file.";
    else if (code === 0x201c || code === 0x201d)
      hint = "These are typographic quotes: a chat or word processor replaced the quotes. Use the original file.";
    else if (code === 0x2f) hint = "JSON has no comments; remove them.";
    else if (code === 0x3c && i === firstNonSpace(text))
      hint = "This looks like HTML (an error page?), not a HAR file.";
    else if (code === 0x2c || code === 0x7d || code === 0x5d)
      hint = "A comma before a closing bracket, or two commas in a row: remove the extra comma.";
    return { offset: i, problem: `expected ${expected}, found ${describeChar(text, i)}`, hint };
  };
  while (true) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
    if (i >= n) {
      if (state === "done") return null;
      return {
        offset: n,
        problem: "the text ends before the JSON does",
        hint: "It was probably cut off when copied. Export the HAR again and open the file itself.",
      };
    }
    const c = text.charCodeAt(i);
    switch (state) {
      case "done":
        return {
          offset: i,
          problem: `more text after the end of the JSON (${describeChar(text, i)})`,
          hint: "Two documents were pasted together, or text was added after the HAR; keep one HAR document.",
        };
      case "colon":
        if (c !== 0x3a) return unexpected('":"');
        i++;
        state = "value";
        continue;
      case "key":
      case "key-or-close":
        if (c === 0x7d && state === "key-or-close") {
          containers.pop();
          i++;
          state = afterValue();
          continue;
        }
        if (c !== 0x22) return unexpected("a property name in double quotes");
        {
          const problem = scanString(text, i);
          if (typeof problem !== "number") return problem;
          i = problem;
        }
        state = "colon";
        continue;
      case "comma-or-close": {
        const open = containers[containers.length - 1];
        if (c === 0x2c) {
          i++;
          state = open === 0x7b ? "key" : "value";
          continue;
        }
        if ((open === 0x7b && c === 0x7d) || (open === 0x5b && c === 0x5d)) {
          containers.pop();
          i++;
          state = afterValue();
          continue;
        }
        return unexpected(open === 0x7b ? '"," or "}"' : '"," or "]"');
      }
      case "value":
      case "value-or-close": {
        if (c === 0x5d && state === "value-or-close") {
          containers.pop();
          i++;
          state = afterValue();
          continue;
        }
        if (c === 0x7b || c === 0x5b) {
          containers.push(c);
          i++;
          state = c === 0x7b ? "key-or-close" : "value-or-close";
          continue;
        }
        if (c === 0x22) {
          const end = scanString(text, i);
          if (typeof end !== "number") return end;
          i = end;
        } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return unexpected("a number");
          i = NUMBER.lastIndex;
        } else if (text.startsWith("true", i)) i += 4;
        else if (text.startsWith("false", i)) i += 5;
        else if (text.startsWith("null", i)) i += 4;
        else return unexpected("a value");
        state = afterValue();
        continue;
      }
    }
  }
}

/** Scans a string starting at its opening quote; the offset after its closing quote, or the problem. */
function scanString(text: string, start: number): number | SyntaxProblem {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) {
      return {
        offset: i,
        problem: `a control character (${describeChar(text, i)}) inside a string`,
        hint: "A line break inside a quoted value usually means the text was re-wrapped when copied. Use the original file.",
      };
    }
    if (code === 0x5c) {
      if (i + 1 >= text.length) break;
      const next = text.charCodeAt(i + 1);
      if (next === 0x75) {
        if (!HEX4.test(text.slice(i + 2, i + 6))) {
          return { offset: i, problem: "a \\u escape without four hex digits", hint: RETRY };
        }
        i += 5;
      } else if (SIMPLE_ESCAPES.includes(text.charAt(i + 1))) {
        i++;
      } else {
        return { offset: i, problem: `an invalid escape (\\${describeChar(text, i + 1)})`, hint: RETRY };
      }
    }
  }
  return {
    offset: text.length,
    problem: "a string that never ends",
    hint: "The text was probably cut off when copied. Export the HAR again and open the file itself.",
  };
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text);
  return match ? match.index : 0;
}
