/**
 * A MODEL of PowerShell's tokenizer, for the subset our commands use (there is no PowerShell on
 * this machine). Single-quoted strings follow PowerShell's ScanStringLiteral: the string opens and
 * closes with any of the five single-quote characters (U+0027, U+2018, U+2019, U+201A, U+201B), and
 * two of them in a row stand for the second. Also: `[char]0xHHHH`, `#` comments, `-Parameters`,
 * `$variables`, words, numbers and punctuation. Then every string expression — a string, or
 * `( s + s + … )` of strings and `[char]`s — is evaluated to its value.
 */

const SINGLE_QUOTES = new Set(["'", "\u2018", "\u2019", "\u201a", "\u201b"]);

export type Token =
  | { readonly kind: "value"; readonly value: string }
  | { readonly kind: "char"; readonly value: string }
  | { readonly kind: "other"; readonly text: string };

export function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < script.length) {
    const c = script.charAt(i);
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "\n") {
      tokens.push({ kind: "other", text: "\n" });
      i++;
    } else if (c === "#") {
      const end = script.indexOf("\n", i);
      tokens.push({ kind: "other", text: script.slice(i, end === -1 ? script.length : end) });
      i = end === -1 ? script.length : end;
    } else if (SINGLE_QUOTES.has(c)) {
      let value = "";
      i++;
      while (true) {
        if (i >= script.length) throw new Error("unterminated string");
        const d = script.charAt(i);
        if (SINGLE_QUOTES.has(d)) {
          if (!SINGLE_QUOTES.has(script.charAt(i + 1))) {
            i++;
            break;
          }
          value += script.charAt(i + 1);
          i += 2;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: "value", value });
    } else if (script.startsWith("[char]0x", i)) {
      const match = /^\[char\]0x([0-9a-fA-F]+)/.exec(script.slice(i));
      if (!match?.[1]) throw new Error("bad [char]");
      tokens.push({ kind: "char", value: String.fromCharCode(Number.parseInt(match[1], 16)) });
      i += match[0].length;
    } else {
      const match = /^(-[A-Za-z]+|\$[A-Za-z_]+|[A-Za-z0-9_]+|@\{|\[[A-Za-z]+\]|.)/su.exec(script.slice(i));
      const text = match?.[0] ?? c;
      tokens.push({ kind: "other", text });
      i += text.length;
    }
  }
  return collapse(tokens);
}

/** `( v + v + … )` of strings and [char]s becomes one value, as PowerShell evaluates it. */
function collapse(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "other" && t.text === "(") {
      let j = i + 1;
      let value = "";
      let ok = true;
      let first = true;
      while (j < tokens.length) {
        const part = tokens[j] as Token;
        if (part.kind === "other") {
          ok = false;
          break;
        }
        // A [char] first would add numbers; our commands always start with a string.
        if (first && part.kind === "char") {
          ok = false;
          break;
        }
        value += part.value;
        first = false;
        const next = tokens[j + 1];
        if (next?.kind === "other" && next.text === "+") j += 2;
        else break;
      }
      const close = tokens[j + 1];
      if (ok && !first && close?.kind === "other" && close.text === ")") {
        out.push({ kind: "value", value });
        i = j + 1;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}
