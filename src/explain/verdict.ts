/** The verdict's label, e.g. in the panel's list (kept apart from the long explanation texts). */

import type { Verdict } from "../engine/types.js";

export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
  allowed: "Allowed",
  blocked: "Blocked",
  "not-cors": "Not CORS",
  "network-error": "Network error",
  unknown: "Unknown",
};
