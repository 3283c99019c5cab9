/**
 * A MODEL of how interactive cmd.exe and curl.exe's C runtime read a command line, for what Wine's
 * cmd cannot show (`%` expansion, caret-escaped line feeds). It follows cmd's documented parsing
 * for the command line (not batch files), as summarised in "How does the Windows Command
 * Interpreter (CMD.EXE) parse scripts?" (Stack Overflow, dbenham), which Chrome DevTools' `%^`
 * and `^` + LF + LF rules rely on:
 *
 * 1. Percent expansion: `%name%` is replaced when `name` is defined; when it is not, the text is
 *    left as is and the scan resumes at the second `%`. A `%` with no closing `%` stays.
 * 2. Special characters: every unescaped `"` toggles quoting; outside quotes, `^x` is a literal x
 *    and `^` + LF continues the line, escaping the next character (the second LF, kept); an
 *    unescaped `& | < >` outside quotes ends the command, and an unescaped line feed ends it too.
 * 3. The C runtime (2008 and later) splits the rest into argv.
 */

/** The command line after cmd's phases 1 and 2, or an error saying where the command ended. */
export function cmdReads(line: string, isDefined: (name: string) => boolean): string | { broken: string } {
  // Phase 1: percent expansion.
  let expanded = "";
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c !== "%") {
      expanded += c;
      i++;
      continue;
    }
    const close = line.indexOf("%", i + 1);
    if (close === -1 || line.slice(i + 1, close).includes("\n")) {
      expanded += c;
      i++;
      continue;
    }
    const name = line.slice(i + 1, close);
    if (name !== "" && isDefined(name)) {
      expanded += `<value of ${name}>`;
      i = close + 1;
    } else {
      expanded += line.slice(i, close);
      i = close;
    }
  }
  // Phase 2: carets, quotes and the characters that end a command.
  let out = "";
  let quoted = false;
  for (let j = 0; j < expanded.length; j++) {
    const c = expanded.charAt(j);
    if (c === '"') {
      quoted = !quoted;
      out += c;
    } else if (c === "\n") {
      return { broken: `an unescaped line feed at ${j}` };
    } else if (quoted) {
      out += c;
    } else if (c === "^") {
      let next = expanded.charAt(j + 1);
      j++;
      if (next === "\n") {
        // Line continuation: the first character of the next line is taken literally.
        next = expanded.charAt(j + 1);
        j++;
      }
      out += next;
    } else if ("&|<>".includes(c)) {
      return { broken: `an unescaped ${c} at ${j}` };
    } else {
      out += c;
    }
  }
  return out;
}

/** The C runtime's argv rules (msvcrt 2008+, UCRT): quotes group, `\"` is a quote, `""` in quotes is one. */
export function cRuntimeArgv(commandLine: string): string[] {
  const argv: string[] = [];
  let i = 0;
  const n = commandLine.length;
  while (true) {
    while (i < n && (commandLine[i] === " " || commandLine[i] === "\t")) i++;
    if (i >= n) return argv;
    let arg = "";
    let quoted = false;
    while (i < n) {
      const c = commandLine.charAt(i);
      if (!quoted && (c === " " || c === "\t")) break;
      if (c === "\\") {
        let slashes = 0;
        while (commandLine[i] === "\\") {
          slashes++;
          i++;
        }
        if (commandLine[i] === '"') {
          arg += "\\".repeat(Math.floor(slashes / 2));
          if (slashes % 2 === 1) {
            arg += '"';
            i++;
          }
        } else {
          arg += "\\".repeat(slashes);
        }
      } else if (c === '"') {
        if (quoted && commandLine[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        arg += c;
        i++;
      }
    }
    argv.push(arg);
  }
}
