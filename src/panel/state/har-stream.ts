/**
 * A HAR document's text read as it arrives, cut into parts of whole entries of `log.entries`
 * (about `PART_CHARS` each), so the panel parses, pairs and draws the first entries of a big file
 * while the rest is still being read, and no single JSON.parse of the whole file blocks a frame.
 *
 * The scanner follows the JSON structure exactly (strings, escapes, nesting): a cut is a comma of
 * the entries array itself, never a guess. Each part is still proved by its own JSON.parse, and
 * anything unexpected (no entries array where HAR has it, a part that does not parse, text that
 * is lenient JSON: Unicode spaces, see capture/json-text.ts) makes the caller read the file whole.
 * Loaded with the import (har-import.ts): the live capture never needs it.
 */

/** Parsed a part at a time: big enough that a part's parse is cheap per entry, small enough for a frame. */
export const PART_CHARS = 256 * 1024;
/** The first part is smaller: it is what the first screen of rows waits for. */
export const FIRST_PART_CHARS = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

interface Frame {
  readonly array: boolean;
  /** For an object at the first two levels: the key whose value is being read. */
  key: string | null;
  expectingKey: boolean;
}

export type ScanEvent =
  /** The document up to the entries array, closed: `{"log":{…,"entries":[]}}` (creator, pages). */
  | { readonly kind: "head"; readonly document: string }
  /** Whole entries, comma-separated, without the brackets. */
  | { readonly kind: "part"; readonly text: string };

export class HarEntriesScanner {
  private readonly stack: Frame[] = [];
  private inString = false;
  /** Characters of the next chunk to skip: the one a backslash at the end of this one escapes. */
  private skip = 0;
  /** A key being read (objects of the first two levels only), when it spans chunks. */
  private key: string | null = null;
  /** Frames open inside the entries array (2 for a bare log, 3 for `{"log": …}`), once found. */
  private entriesDepth = -1;
  /** Text of the current part (or, before the entries, of the head) from earlier chunks. */
  private pieces: string[] = [];
  private piecesLength = 0;
  private head: string | null = null;
  private parts = 0;
  private done = false;
  private started = false;
  /** The text after the entries array (the rest of the log: sometimes the creator). */
  private tail = "";

  /** Feeds the next piece of text; returns the head (once) and the parts it completed. */
  push(chunk: string): ScanEvent[] {
    if (this.done) {
      this.tail += chunk;
      return [];
    }
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const events: ScanEvent[] = [];
    const segmentStart = this.scan(chunk, events);
    if (!this.done && segmentStart < chunk.length) {
      this.pieces.push(chunk.slice(segmentStart));
      this.piecesLength += chunk.length - segmentStart;
    }
    return events;
  }

  /**
   * At the end of the text: the whole document without its entries (`{"log":{…,"entries":[]…}}`:
   * what follows the entries too), or null when the text was not read as a HAR document's
   * entries array (the caller then reads it whole).
   */
  end(): string | null {
    if (!this.done || this.head === null) return null;
    return `${this.head}${this.tail}`;
  }

  /** Scans one chunk; returns where the text not yet handed out begins in it. */
  private scan(chunk: string, events: ScanEvent[]): number {
    const { stack } = this;
    const length = chunk.length;
    let segmentStart = 0;
    let i = this.skip;
    this.skip = 0;
    let keyStart = this.key !== null ? 0 : -1;
    while (i < length) {
      if (this.inString) {
        // Strings are most of a HAR's text: a tight loop to the closing quote.
        let code = chunk.charCodeAt(i);
        while (code !== QUOTE) {
          i += code === BACKSLASH ? 2 : 1;
          if (i >= length) break;
          code = chunk.charCodeAt(i);
        }
        if (i >= length) {
          this.skip = i - length;
          break;
        }
        this.inString = false;
        if (keyStart >= 0) {
          const frame = stack[stack.length - 1] as Frame;
          frame.key = (this.key ?? "") + chunk.slice(keyStart, i);
          this.key = null;
          keyStart = -1;
        }
        i++;
        continue;
      }
      const code = chunk.charCodeAt(i);
      if (code === QUOTE) {
        this.inString = true;
        const frame = stack[stack.length - 1];
        if (frame && !frame.array && frame.expectingKey && stack.length <= 2) {
          keyStart = i + 1;
          this.key = "";
        }
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        stack.push({ array: code === OPEN_BRACKET, key: null, expectingKey: code === OPEN_BRACE });
        if (code === OPEN_BRACKET && this.entriesDepth < 0 && this.isEntriesArray()) {
          this.entriesDepth = stack.length;
          this.head = this.takeText(chunk, segmentStart, i + 1);
          events.push({ kind: "head", document: `${this.head}${closerOf(stack)}` });
          segmentStart = i + 1;
        }
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (stack.length === this.entriesDepth) {
          events.push({ kind: "part", text: this.takeText(chunk, segmentStart, i) });
          stack.pop();
          this.done = true;
          this.tail = chunk.slice(i);
          return length;
        }
        stack.pop();
      } else if (code === COLON) {
        const frame = stack[stack.length - 1];
        if (frame) frame.expectingKey = false;
      } else if (code === COMMA) {
        const frame = stack[stack.length - 1];
        if (frame && !frame.array) frame.expectingKey = true;
        else if (
          stack.length === this.entriesDepth &&
          this.piecesLength + i - segmentStart >= (this.parts === 0 ? FIRST_PART_CHARS : PART_CHARS)
        ) {
          this.parts++;
          events.push({ kind: "part", text: this.takeText(chunk, segmentStart, i) });
          segmentStart = i + 1;
        }
      }
      i++;
    }
    if (keyStart >= 0) this.key = (this.key ?? "") + chunk.slice(keyStart);
    return segmentStart;
  }

  /** The earlier chunks' pieces and `chunk[from, to)`, as one text; the pieces are emptied. */
  private takeText(chunk: string, from: number, to: number): string {
    const text = this.pieces.length === 0 ? chunk.slice(from, to) : this.pieces.join("") + chunk.slice(from, to);
    this.pieces = [];
    this.piecesLength = 0;
    return text;
  }

  /** Whether the array just opened is `log.entries` (of `{"log": {...}}` or a bare log). */
  private isEntriesArray(): boolean {
    const { stack } = this;
    const [root, log] = stack;
    if (stack.length === 2) return root?.array === false && root.key === "entries";
    if (stack.length === 3) {
      return root?.array === false && root.key === "log" && log?.array === false && log.key === "entries";
    }
    return false;
  }
}

/** The brackets that close every open container, the innermost first. */
function closerOf(stack: readonly Frame[]): string {
  let closer = "";
  for (let i = stack.length - 1; i >= 0; i--) closer += (stack[i] as Frame).array ? "]" : "}";
  return closer;
}
