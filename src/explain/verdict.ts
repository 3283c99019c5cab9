/** The verdict's words, e.g. in the panel's list and the CLI (kept apart from the long explanation texts). */

import type { Verdict } from "../engine/types.js";

export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
  allowed: "Allowed",
  blocked: "Blocked",
  "not-cors": "Not CORS",
  "network-error": "Network error",
  unknown: "Unknown",
};

/** The verdict as the CLI's badge: upper case, at most eight characters so the column lines up. */
export const VERDICT_TAG: Readonly<Record<Verdict, string>> = {
  blocked: "BLOCKED",
  allowed: "ALLOWED",
  "not-cors": "NOT CORS",
  "network-error": "NETWORK",
  unknown: "UNKNOWN",
};

/** What a count of requests with each verdict is called ("3 network errors"), in the order totals list them. */
export const VERDICT_TOTAL: Readonly<Record<Verdict, string>> = {
  blocked: "blocked",
  allowed: "allowed",
  "network-error": "network errors",
  unknown: "unknown",
  "not-cors": "not CORS",
};
