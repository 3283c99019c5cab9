/**
 * Fix suggestions: the smallest safe server change for the stack the API runs, with the real
 * values filled in, plus the changes the page itself must make when the root cause is on its side.
 * Stack ids are not listed here: they come from the stacks themselves (registry.ts).
 */

import type { HeaderLine } from "../engine/types.js";

/**
 * The least-privilege CORS policy a server needs: the exact page origins (never `*` with
 * credentials, never "whatever Origin says"), the methods and headers its requests use,
 * credentials when any sends them, a Max-Age within every browser's cap, and Vary: Origin.
 * Built per request by `planFix` and per server by `mergeServerPolicies`.
 */
export interface CorsPolicy {
  /**
   * The pages' exact serialized origins, e.g. `https://app.example`, in the order first seen.
   * `["*"]` only where the server already answers a public, credential-less API with `*` and that
   * works (`ANY_ORIGIN`); snippets read the list from configuration with these as the default.
   */
  readonly origins: readonly string[];
  /** Methods to allow (upper-case, as sent), including the safelisted ones the API serves. */
  readonly methods: readonly string[];
  /** Request header names to allow, lower-case. */
  readonly headers: readonly string[];
  readonly credentials: boolean;
  /** Seconds a preflight may be cached: 600 is within Chrome (7200), Firefox (86400) and Safari (600). */
  readonly maxAge: number;
  /** Response headers the page may read; kept when the server already exposed them. */
  readonly exposeHeaders: readonly string[];
  /** The API's origin, for route-scoped configuration and proxies. */
  readonly apiOrigin: string;
  /** Every request path seen for this server (no query), in the order first seen; never empty. */
  readonly paths: readonly string[];
}

/** What the server change must take care of, beyond the headers themselves. */
export interface FixNeeds {
  /** The request is preflighted: OPTIONS must be answered (2xx, no redirect, no auth). */
  readonly preflight: boolean;
  /** Authentication rejected the preflight: CORS must run before auth, OPTIONS let through. */
  readonly beforeAuth: boolean;
  /** No route answered OPTIONS: the CORS layer must answer every preflight itself. */
  readonly answerOptions: boolean;
  /** An error response lacked CORS headers: error paths must carry them too. */
  readonly errorResponses: boolean;
  /** Two layers added Access-Control-Allow-Origin: keep exactly one. */
  readonly singleLayer: boolean;
  /** The preflight passed but the actual response lacked the headers (proxy integrations). */
  readonly actualResponses: boolean;
}

export type ClientChangeCode =
  | "CLIENT_UPPERCASE_METHOD"
  | "CLIENT_REMOVE_CORS_HEADERS"
  | "CLIENT_CALL_FINAL_URL"
  | "CLIENT_GRANT_LOCAL_NETWORK_ACCESS";

/** A change on the page's side (the server cannot fix these). */
export interface ClientChange {
  readonly code: ClientChangeCode;
  readonly args: Readonly<Record<string, string | readonly string[]>>;
}

export type SnippetLanguage =
  | "javascript"
  | "typescript"
  | "python"
  | "ruby"
  | "php"
  | "java"
  | "csharp"
  | "go"
  | "nginx"
  | "apache"
  | "caddyfile"
  | "yaml"
  | "json"
  | "shell";

export interface FixPlan {
  readonly policy: CorsPolicy;
  readonly needs: FixNeeds;
  readonly clientChanges: readonly ClientChange[];
  /** False when no server change helps (client-side causes only, Local Network Access). */
  readonly serverChangeHelps: boolean;
}

export type Confidence = "high" | "medium" | "low";

/** One sign in a response's headers that a stack answered; returns the evidence line `Name: value`. */
export interface DetectionRule {
  readonly confidence: Confidence;
  readonly match: (headers: readonly HeaderLine[]) => string | null;
}

export interface StackDetection {
  /**
   * Among guesses of equal confidence, the lower goes first, so that a framework's header beats
   * the web server or proxy in front of it: hosted platforms and gateways below 100, frameworks
   * 100 to 299, web servers 300 and above.
   */
  readonly precedence: number;
  readonly rules: readonly DetectionRule[];
}

/** One stack: its fix generator and how to recognise it. `defineStack` keeps its id a literal. */
export interface StackGenerator<Id extends string = string> {
  readonly id: Id;
  readonly label: string;
  readonly language: SnippetLanguage;
  /** A workaround for an API the user does not own (a proxy), not a change to the API's server. */
  readonly alternative?: boolean;
  /** Signs in response headers that this stack answered; absent when it leaves none. */
  readonly detect?: StackDetection;
  generate(plan: FixPlan): { readonly where: string; readonly snippet: string; readonly traps: readonly string[] };
}
