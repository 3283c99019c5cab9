/**
 * Characters a copied command must never carry raw: they are invisible or reorder text on screen
 * (C0 and C1 controls, DEL, line and paragraph separators, bidi controls, BOM), so a reader could
 * not see what they paste. Each flavour writes them as escapes instead (bash `$'\xHH'`, PowerShell
 * `[char]0xHHHH`, JavaScript `\uHHHH`; cmd cannot, so it replaces them).
 */
export function isInvisible(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0x061c ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    codePoint === 0xfeff
  );
}

/** A lone UTF-16 surrogate: a JavaScript string can hold one, a UTF-8 argument cannot. */
export function isLoneSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    const previous = text.charCodeAt(index - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/** `text` with invisible characters shown as `\xHH` or `<U+HHHH>`, for one-line comments and headings. */
export function showInvisible(text: string): string {
  let shown = "";
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (code <= 0xff && isInvisible(code)) shown += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (isInvisible(code) || (c.length === 1 && isLoneSurrogate(c, 0)))
      shown += `<U+${code.toString(16).toUpperCase().padStart(4, "0")}>`;
    else shown += c;
  }
  return shown;
}
