/**
 * The CORS contract of an app (`cors-policy.json`): per server, the requests the app needs the
 * browser to allow and the origins that must stay blocked. Written by `har --emit-policy`, checked
 * by `cors-doctor check`; its JSON Schema is `schemas/cors-policy.schema.json`.
 */

export const POLICY_VERSION = 1;

/** Where the schema is published: the npm package's copy (the package's `files` must list `schemas`). */
export const POLICY_SCHEMA_URL = "https://unpkg.com/cors-doctor/schemas/cors-policy.schema.json";

/**
 * What must stay blocked: the origins scanners send, as `cors-doctor audit` names them (its
 * classes are these after its "baseline", the page's own origin).
 */
export const BLOCK_CLASSES = [
  "arbitrary-origin",
  "null-origin",
  "prefix-match",
  "suffix-match",
  "substring-match",
  "unescaped-dot",
  "special-character",
  "http-trusted",
  "any-subdomain",
  "third-party",
] as const;

export type BlockClass = (typeof BLOCK_CLASSES)[number];

/** One request as a page's fetch() makes it: header names only, never values. */
export interface PolicyRequest {
  /** The page's serialized origin (`null` only in a block rule). */
  readonly origin: string;
  /** As the page sent it. */
  readonly method: string;
  /** The path on the server, without query or fragment. */
  readonly path: string;
  /** The CORS-unsafe request header names the page sets, lower-case, sorted. */
  readonly headers: readonly string[];
  /** fetch() with `credentials: "include"`. */
  readonly credentials: boolean;
}

export type AllowRule = PolicyRequest;

export interface BlockRule extends PolicyRequest {
  readonly class: BlockClass;
}

export interface ServerPolicy {
  /** The API's origin as captured, e.g. `https://api.example`. */
  readonly server: string;
  /**
   * True when the capture shows a public API answering `*` without credentials: any origin may
   * read it by design, so nothing is listed to stay blocked.
   */
  readonly anyOrigin: boolean;
  readonly allow: readonly AllowRule[];
  readonly block: readonly BlockRule[];
}

export interface PolicyCapture {
  /** The capture's file name (no directory). */
  readonly file: string;
  /** The tool that wrote it (`chromium`, `firefox`, `playwright`, ...). */
  readonly producer: string;
}

export interface PolicyFile {
  readonly $schema: string;
  readonly version: typeof POLICY_VERSION;
  readonly generatedBy: string;
  readonly capture: PolicyCapture;
  readonly servers: readonly ServerPolicy[];
}
