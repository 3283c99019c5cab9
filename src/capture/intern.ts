/**
 * Interning for a long capture: DevTools hands every request over as a fresh copy, so 10,000
 * requests carry 10,000 copies of `Accept-Encoding: gzip, deflate`, of the user agent, of the
 * page's origin. The panel and the CLI keep one copy of each header line and each short field
 * value instead (the lines are frozen, shared between entries). Tables are bounded: when one is
 * full it starts afresh (lines already shared stay shared). In the CLI, 100,000 entries hold
 * 130 MB less, and the garbage collector has that much less to copy.
 */

import type { HeaderLine } from "../engine/types.js";
import type { CapturedEntry } from "./entry.js";

/** Distinct header lines remembered; a busy app has a few hundred. */
const MAX_LINES = 8_192;
/** Distinct short strings remembered (methods, resource types, status texts, IPs, page ids). */
const MAX_STRINGS = 4_096;
/** Longer values (cookies, tokens, CSP) are rarely repeated verbatim: not worth a table slot. */
const MAX_VALUE_LENGTH = 256;

export class Interner {
  private lines = new Map<string, Map<string, HeaderLine>>();
  private lineCount = 0;
  private strings = new Map<string, string>();

  /** The entry with shared header lines and shared short field values. */
  entry(entry: CapturedEntry): CapturedEntry {
    return {
      ...entry,
      method: this.string(entry.method),
      requestHeaders: this.headerLines(entry.requestHeaders),
      statusText: this.string(entry.statusText),
      responseHeaders: this.headerLines(entry.responseHeaders),
      resourceType: this.nullableString(entry.resourceType),
      initiatorType: this.nullableString(entry.initiatorType),
      serverIPAddress: this.nullableString(entry.serverIPAddress),
      pageref: this.nullableString(entry.pageref),
    };
  }

  headerLines(headers: readonly HeaderLine[]): readonly HeaderLine[] {
    const out: HeaderLine[] = new Array(headers.length);
    for (let i = 0; i < headers.length; i++) out[i] = this.line(headers[i] as HeaderLine);
    return out;
  }

  line(header: HeaderLine): HeaderLine {
    if (header.value.length > MAX_VALUE_LENGTH || header.name.length > MAX_VALUE_LENGTH) {
      return { name: this.string(header.name), value: header.value };
    }
    // By name, then by value: a joined key would be a new string to build and hash per line.
    let byValue = this.lines.get(header.name);
    if (byValue === undefined) {
      byValue = new Map();
      this.lines.set(header.name, byValue);
    }
    let line = byValue.get(header.value);
    if (line === undefined) {
      if (this.lineCount >= MAX_LINES) {
        this.lines.clear();
        this.lineCount = 0;
        byValue = new Map();
        this.lines.set(header.name, byValue);
      }
      line = Object.freeze({ name: this.string(header.name), value: header.value });
      byValue.set(header.value, line);
      this.lineCount++;
    }
    return line;
  }

  string(value: string): string {
    if (value.length > MAX_VALUE_LENGTH) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size >= MAX_STRINGS) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  private nullableString(value: string | null): string | null {
    return value === null ? null : this.string(value);
  }

  clear(): void {
    this.lines.clear();
    this.lineCount = 0;
    this.strings.clear();
  }
}
