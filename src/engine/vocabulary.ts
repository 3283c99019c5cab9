/**
 * Small types the engine's modules share. This module imports nothing, so `types.ts`,
 * `diagnosis/codes.ts` and `fetch/*` can all use these without importing each other in a circle.
 */

/** Which response the verdict (or a piece of evidence) is about. */
export type Leg = "preflight" | "actual" | "redirect";

export type Severity = "error" | "cause" | "warning" | "info";

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
