/**
 * The UTF-8 bytes of one character (a code point, or a lone surrogate, which encodes as U+FFFD as
 * TextEncoder does). Written out because the pure modules compile without DOM or Node types.
 */
export function utf8Bytes(character: string): number[] {
  let code = character.codePointAt(0) ?? 0;
  if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
}
