/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as DevTools, Firefox and other tools
 * write it, validated with valibot. Validation is lenient where real exports differ (extra fields,
 * nulls) and strict where the diagnosis depends on a field's type.
 */

import * as v from "valibot";

export interface HarHeader {
  readonly name: string;
  readonly value: string;
}

/** Index of the first item that is not `{name: string, value: string}`, or -1. */
function firstBadHeader(input: unknown): number {
  if (!Array.isArray(input)) return 0;
  for (let i = 0; i < input.length; i++) {
    const header = input[i] as { name?: unknown; value?: unknown } | null;
    if (typeof header !== "object" || header === null) return i;
    if (typeof header.name !== "string" || typeof header.value !== "string") return i;
  }
  return -1;
}

/**
 * A header list. Checked in place rather than with `v.array(v.looseObject(...))`: HAR files carry
 * millions of header objects, and valibot's object schemas copy every one of them.
 */
const HeaderListSchema = (limit: number, side: string) =>
  v.pipe(
    v.custom<HarHeader[]>(
      (input) => firstBadHeader(input) === -1,
      (issue) => {
        if (!Array.isArray(issue.input)) return "expected an array of headers";
        return `header ${firstBadHeader(issue.input)} is not {"name": string, "value": string}`;
      },
    ),
    v.maxLength(limit, `more than ${limit} ${side} headers`),
  );

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
  headers: HeaderListSchema(2000, "request"),
  headersSize: v.optional(v.nullable(v.number())),
});

const ResponseSchema = v.looseObject({
  // -1: no response (Playwright's recordHar writes it for a request that failed).
  status: v.pipe(v.number(), v.integer("the status is not an integer"), v.minValue(-1), v.maxValue(999)),
  statusText: v.optional(v.nullable(v.string())),
  httpVersion: v.optional(v.nullable(v.string())),
  headers: HeaderListSchema(2000, "response"),
  redirectURL: v.optional(v.nullable(v.string())),
  _error: v.optional(v.nullable(v.string())),
  /** Playwright's recordHar: the browser's error text, written only for a request that failed. */
  _failureText: v.optional(v.nullable(v.string())),
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

const PageSchema = v.looseObject({
  id: v.optional(v.string()),
  title: v.optional(v.string()),
  startedDateTime: v.optional(v.string()),
});

const LogSchema = v.looseObject({
  version: v.optional(v.string()),
  creator: v.optional(v.looseObject({ name: v.optional(v.string()), version: v.optional(v.string()) })),
  browser: v.optional(v.unknown()),
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
  /** `log.browser` (optional in HAR 1.2; Playwright and Firefox write it). */
  readonly browser: { readonly name: string | null; readonly version: string | null } | null;
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
      browser: readBrowser(log.browser),
      pages,
      entries: log.entries,
    },
  };
}

type Fields = Record<string, unknown>;

/** `log.browser`, read leniently: a wrong shape is as good as absent. */
function readBrowser(value: unknown): HarLog["browser"] {
  if (!isRecord(value)) return null;
  const text = (field: unknown) => (typeof field === "string" ? field : null);
  return { name: text(value.name), version: text(value.version) };
}

function isRecord(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `v.optional(v.nullable(v.string()))`, and the same for numbers. */
const isOptionalString = (value: unknown) => value === undefined || value === null || typeof value === "string";
const isOptionalNumber = (value: unknown) => value === undefined || value === null || typeof value === "number";
const isBoundedString = (value: unknown, max: number) =>
  typeof value === "string" && value.length > 0 && value.length <= max;
const isHeaderList = (value: unknown) => Array.isArray(value) && value.length <= 2000 && firstBadHeader(value) === -1;

/**
 * The fast path of `validateHarEntry`: true only for entries `HarEntrySchema` accepts, checked
 * in place. Valibot's object schemas copy every object they validate, which cost a large HAR as
 * much as the rest of its normalization; entries this says no to still go through valibot,
 * which accepts or words the problem. `test/capture/har-schema.test.ts` holds the two together.
 */
export function isWellFormedEntry(raw: unknown): raw is HarEntry {
  if (!isRecord(raw)) return false;
  const { request, response, _initiator: initiator } = raw;
  if (!isRecord(request) || !isRecord(response)) return false;
  if (!isBoundedString(request.method, 64) || !isBoundedString(request.url, 65536)) return false;
  if (!isOptionalString(request.httpVersion) || !isOptionalNumber(request.headersSize)) return false;
  if (!isHeaderList(request.headers) || !isHeaderList(response.headers)) return false;
  const status = response.status;
  if (typeof status !== "number" || !Number.isInteger(status) || status < -1 || status > 999) return false;
  if (!isOptionalString(response.statusText) || !isOptionalString(response.httpVersion)) return false;
  if (!isOptionalString(response.redirectURL) || !isOptionalString(response._error)) return false;
  if (!isOptionalString(response._failureText)) return false;
  if (!isOptionalString(raw.startedDateTime) || !isOptionalNumber(raw.time)) return false;
  if (!isOptionalString(raw.serverIPAddress) || !isOptionalString(raw.pageref)) return false;
  if (!isOptionalString(raw._resourceType)) return false;
  if (initiator === undefined || initiator === null) return true;
  if (!isRecord(initiator)) return false;
  const isOptionalStringOnly = (value: unknown) => value === undefined || typeof value === "string";
  return (
    isOptionalStringOnly(initiator.type) &&
    isOptionalStringOnly(initiator.url) &&
    isOptionalStringOnly(initiator.requestId)
  );
}

/** Validates one entry; on failure, says where and why in a short sentence. */
export function validateHarEntry(raw: unknown): { ok: true; entry: HarEntry } | { ok: false; problems: string[] } {
  if (isWellFormedEntry(raw)) return { ok: true, entry: raw };
  const result = v.safeParse(HarEntrySchema, raw);
  if (result.success) return { ok: true, entry: result.output };
  const problems = result.issues.slice(0, 5).map((issue) => {
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "entry";
    return `${path}: ${issue.message}`;
  });
  return { ok: false, problems };
}
