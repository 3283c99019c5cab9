/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as DevTools, Firefox and other tools
 * write it, validated with valibot. Validation is lenient where real exports differ (extra fields,
 * nulls) and strict where the diagnosis depends on a field's type.
 */

import * as v from "valibot";

const HeaderSchema = v.looseObject({ name: v.string(), value: v.string() });

const InitiatorSchema = v.looseObject({
  type: v.optional(v.string()),
  url: v.optional(v.string()),
  requestId: v.optional(v.string()),
});

const RequestSchema = v.looseObject({
  method: v.pipe(
    v.string(),
    v.nonEmpty("the method is empty"),
    v.maxLength(64, "the method is longer than 64 characters"),
  ),
  url: v.pipe(v.string(), v.nonEmpty("the URL is empty"), v.maxLength(65536, "the URL is longer than 64 KiB")),
  httpVersion: v.optional(v.nullable(v.string())),
  headers: v.pipe(v.array(HeaderSchema), v.maxLength(2000, "more than 2000 request headers")),
  headersSize: v.optional(v.nullable(v.number())),
});

const ResponseSchema = v.looseObject({
  status: v.pipe(v.number(), v.integer("the status is not an integer"), v.minValue(0), v.maxValue(999)),
  statusText: v.optional(v.nullable(v.string())),
  httpVersion: v.optional(v.nullable(v.string())),
  headers: v.pipe(v.array(HeaderSchema), v.maxLength(2000, "more than 2000 response headers")),
  redirectURL: v.optional(v.nullable(v.string())),
  _error: v.optional(v.nullable(v.string())),
});

export const HarEntrySchema = v.looseObject({
  request: RequestSchema,
  response: ResponseSchema,
  startedDateTime: v.optional(v.nullable(v.string())),
  time: v.optional(v.nullable(v.number())),
  serverIPAddress: v.optional(v.nullable(v.string())),
  pageref: v.optional(v.nullable(v.string())),
  _resourceType: v.optional(v.nullable(v.string())),
  _initiator: v.optional(v.nullable(InitiatorSchema)),
});

export type HarEntry = v.InferOutput<typeof HarEntrySchema>;
export type HarHeader = v.InferOutput<typeof HeaderSchema>;

const PageSchema = v.looseObject({
  id: v.optional(v.string()),
  title: v.optional(v.string()),
  startedDateTime: v.optional(v.string()),
});

const LogSchema = v.looseObject({
  version: v.optional(v.string()),
  creator: v.optional(v.looseObject({ name: v.optional(v.string()), version: v.optional(v.string()) })),
  pages: v.optional(v.nullable(v.array(v.unknown()))),
  entries: v.array(v.unknown()),
});

/** A HAR file (`{log: …}`) or a bare log as `chrome.devtools.network.getHAR()` returns it. */
export const HarDocumentSchema = v.union([v.looseObject({ log: LogSchema }), LogSchema]);

export interface HarPage {
  readonly id: string | null;
  readonly title: string | null;
}

export interface HarLog {
  readonly creator: { readonly name: string | null; readonly version: string | null };
  readonly pages: readonly HarPage[];
  /** Entries are validated one by one, so one bad entry cannot hide the others. */
  readonly entries: readonly unknown[];
}

export type ParseHarResult =
  | { readonly ok: true; readonly log: HarLog }
  | { readonly ok: false; readonly message: string };

/** Validates the document's outer shape. Entries are validated later, individually. */
export function parseHarDocument(document: unknown): ParseHarResult {
  const result = v.safeParse(HarDocumentSchema, document);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join(".") ?? "";
    return {
      ok: false,
      message: `not a HAR document: expected {"log": {"entries": [...]}}${path ? ` (problem at ${path})` : ""}`,
    };
  }
  const output = result.output as { log?: unknown };
  const log = (output.log !== undefined ? output.log : output) as v.InferOutput<typeof LogSchema>;
  const pages: HarPage[] = [];
  for (const page of log.pages ?? []) {
    const parsed = v.safeParse(PageSchema, page);
    if (parsed.success) pages.push({ id: parsed.output.id ?? null, title: parsed.output.title ?? null });
  }
  return {
    ok: true,
    log: {
      creator: { name: log.creator?.name ?? null, version: log.creator?.version ?? null },
      pages,
      entries: log.entries,
    },
  };
}

/** Validates one entry; on failure, says where and why in a short sentence. */
export function validateHarEntry(raw: unknown): { ok: true; entry: HarEntry } | { ok: false; problems: string[] } {
  const result = v.safeParse(HarEntrySchema, raw);
  if (result.success) return { ok: true, entry: result.output };
  const problems = result.issues.slice(0, 5).map((issue) => {
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "entry";
    return `${path}: ${issue.message}`;
  });
  return { ok: false, problems };
}
