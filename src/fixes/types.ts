/**
 * Fix suggestions: the smallest safe server change for the stack the API runs, with the real
 * values filled in, plus the changes the page itself must make when the root cause is on its side.
 */

/** Every stack a fix can be generated for. A new stack adds its id here and its generator in registry.ts. */
export const STACK_IDS = [
  "express",
  "fastapi",
  "nginx",
  "php",
  "aws-rest-api",
  "aws-http-api",
  "aws-lambda",
  "kong",
  "envoy",
  "traefik",
  "fastify",
  "koa",
  "hono",
  "nextjs",
  "flask",
  "django",
  "spring",
  "aspnet",
  "go",
  "rails",
  "laravel",
  "apache",
  "caddy",
  "s3",
  "vite-proxy",
  "webpack-proxy",
  "backend-proxy",
] as const;

export type StackId = (typeof STACK_IDS)[number];

/**
 * The least-privilege CORS policy one request needs: the exact page origin (never `*` with
 * credentials, never "whatever Origin says"), the methods and headers it uses, credentials when
 * it sends them, a Max-Age within every browser's cap, and Vary: Origin.
 */
export interface CorsPolicy {
  /** The page's exact serialized origin, e.g. `https://app.example`. */
  readonly origin: string;
  /** Methods to allow (upper-case, as sent), including the safelisted ones the API serves. */
  readonly methods: readonly string[];
  /** Request header names to allow, lower-case. */
  readonly headers: readonly string[];
  readonly credentials: boolean;
  /** Seconds a preflight may be cached: 600 is within Chrome (7200), Firefox (86400) and Safari (600). */
  readonly maxAge: number;
  /** Response headers the page may read; kept when the server already exposed them. */
  readonly exposeHeaders: readonly string[];
  /** The API's origin and the request path, for route-scoped configuration and proxies. */
  readonly apiOrigin: string;
  readonly path: string;
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

/** One stack's change. */
export interface StackFix {
  readonly stack: StackId;
  readonly label: string;
  readonly language: SnippetLanguage;
  /** Where the change goes (file, order relative to auth/routing), one or two sentences. */
  readonly where: string;
  readonly snippet: string;
  /** Known traps of this stack relevant to this failure. */
  readonly traps: readonly string[];
  /** True when CI applies this generator's output to a real server and replays the failure. */
  readonly verified: boolean;
  /** Only for the proxy alternatives: the API belongs to someone else. */
  readonly alternative: boolean;
}

export interface FixPlan {
  readonly policy: CorsPolicy;
  readonly needs: FixNeeds;
  readonly clientChanges: readonly ClientChange[];
  /** False when no server change helps (client-side causes only, Local Network Access). */
  readonly serverChangeHelps: boolean;
}

export interface StackGenerator {
  readonly id: StackId;
  readonly label: string;
  readonly language: SnippetLanguage;
  /** A workaround for an API the user does not own (a proxy), not a change to the API's server. */
  readonly alternative?: boolean;
  generate(plan: FixPlan): { readonly where: string; readonly snippet: string; readonly traps: readonly string[] };
}
