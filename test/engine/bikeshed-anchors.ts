/**
 * The fragment ids a Bikeshed source (`.bs`) produces, so spec links can be checked against the
 * standard's source at a pinned commit without building it. Bikeshed's rules (speced/bikeshed,
 * `dfns` classifyDfns, `config.simplifyText`):
 * - any element's explicit `id=` and each of its `oldids=` (kept as empty spans);
 * - a Markdown heading's `{#id}`;
 * - a `<dfn>` without an id gets one from its first linking text (the first `lt=` item, else its
 *   text): prefixed with its first `for=` value and "-", then lower-cased, runs of whitespace and
 *   "/" turned into "-", everything but [a-z0-9_-] dropped. IDL dfns with a `for` (attribute,
 *   method, dict-member, enum-value, ...) get "dom-" in front, method arguments removed.
 * Ids Bikeshed de-duplicates by appending a number are not produced here: they change when the
 * text around them does, so a link must never rely on one.
 */

const IDL_TYPES_USING_FOR = [
  "attribute",
  "method",
  "constructor",
  "dict-member",
  "enum-value",
  "const",
  "argument",
  "stringifier",
  "iterator",
  "maplike",
  "setlike",
];

export function simplifyText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s/]+/g, "-")
    .replace(/[^a-z0-9_-]/g, "");
}

/** Attributes of one start tag: `name=value`, `name="value"`, `name='value'`, bare `name`. */
function parseAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const body = tag.replace(/^<[a-zA-Z0-9]+/, "").replace(/\/?>$/, "");
  for (const m of body.matchAll(/([^\s=]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes.set((m[1] as string).toLowerCase(), m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attributes;
}

function textContent(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** The id Bikeshed gives a `<dfn>` that has none (null for types this does not model). */
function dfnId(attributes: ReadonlyMap<string, string>, inner: string): string | null {
  const lt = attributes.get("lt");
  const text = lt ? (lt.split("|")[0] as string) : textContent(inner);
  const forValue = attributes.get("for")?.split(",")[0]?.trim();
  const idlType = IDL_TYPES_USING_FOR.find((type) => attributes.has(type));
  if (idlType) {
    if (!forValue) return null;
    const name = idlType === "method" || idlType === "constructor" ? text.replace(/\(.*$/, "()") : text;
    return `dom-${simplifyText(`${forValue}-${name}`)}`;
  }
  if (attributes.has("interface")) return simplifyText(text);
  const typed = [...attributes.keys()].some((key) => !["export", "noexport", "for", "lt", "oldids"].includes(key));
  if (typed) return null;
  return simplifyText(forValue ? `${forValue}-${text}` : text);
}

/** Every fragment id the built document has, as far as the rules above go. */
export function bikeshedAnchors(source: string): Set<string> {
  const ids = new Set<string>();
  for (const m of source.matchAll(/<[a-zA-Z][a-zA-Z0-9]*(?:\s[^>]*)?>/g)) {
    const attributes = parseAttributes(m[0]);
    const id = attributes.get("id");
    if (id) ids.add(id);
    for (const old of attributes.get("oldids")?.split(",") ?? []) if (old.trim()) ids.add(old.trim());
  }
  for (const m of source.matchAll(/\{#([^}\s]+)\}/g)) ids.add(m[1] as string);
  for (const m of source.matchAll(/(<dfn(?:\s[^>]*)?>)([\s\S]*?)<\/dfn>/g)) {
    const attributes = parseAttributes(m[1] as string);
    if (attributes.has("id")) continue;
    const id = dfnId(attributes, m[2] as string);
    if (id) ids.add(id);
  }
  return ids;
}
