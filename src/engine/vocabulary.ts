/**
 * Small types the engine's modules share. This module imports nothing, so `types.ts`,
 * `diagnosis/codes.ts` and `fetch/*` can all use these without importing each other in a circle.
 */

/** Which response the verdict (or a piece of evidence) is about. */
export type Leg = "preflight" | "actual" | "redirect";

export type Severity = "error" | "cause" | "warning" | "info";

/**
 * The tool that wrote a capture, as far as it changes what the capture can show (which producers
 * record CORS preflights: README's producer table; capture/producer.ts detects it). `unknown`
 * when nothing says; the words for each are in src/explain.
 */
export type CaptureProducer = "chromium" | "firefox" | "safari" | "playwright" | "mitmproxy" | "proxy" | "unknown";

/** https://wicg.github.io/local-network-access/#ip-address-space */
export type AddressSpace = "loopback" | "local" | "public";

export type NearMissKind =
  | "trailing-slash"
  | "path"
  | "scheme"
  | "port"
  | "www"
  | "case"
  | "loopback-alias"
  | "subdomain"
  | "missing-scheme";

/** Character-level comparison of two origins: common prefix, the differing middles, common suffix. */
export interface OriginDiff {
  readonly expected: string;
  readonly actual: string;
  readonly prefix: string;
  readonly expectedMiddle: string;
  readonly actualMiddle: string;
  readonly suffix: string;
  readonly nearMiss: readonly NearMissKind[];
}
