/**
 * Quoting what the browser recorded: header lines and status codes, as evidence for a finding.
 */

import { getHeaderLines } from "../fetch/header-list.js";
import type { Evidence, Hop, Leg } from "../types.js";

export function statusLine(hop: number, leg: Leg, status: number): Evidence {
  return { hop, leg, side: "response", name: ":status", value: String(status) };
}

export function errorLine(hop: number, leg: Leg, errorText: string): Evidence {
  return { hop, leg, side: "response", name: ":error", value: errorText };
}

/** The response lines named `name` of one hop's preflight, actual or redirect response. */
export function responseEvidence(hops: readonly Hop[], hopIndex: number, leg: Leg, name: string): Evidence[] {
  const hop = hops[hopIndex];
  if (!hop) return [];
  const response = leg === "preflight" ? hop.preflight?.response : hop.response;
  if (!response) return [];
  return getHeaderLines(response.headers, name).map((line) => ({
    hop: hopIndex,
    leg,
    side: "response",
    name: line.name,
    value: line.value,
  }));
}

/** The request lines with these names of one hop (its preflight's request when `leg` says so). */
export function requestEvidence(
  hops: readonly Hop[],
  hopIndex: number,
  names: readonly string[],
  leg?: Leg,
): Evidence[] {
  const hop = hops[hopIndex];
  if (!hop) return [];
  const request = leg === "preflight" ? hop.preflight?.request : hop.request;
  if (!request) return [];
  const actualLeg: Leg = leg ?? (hopIndex === hops.length - 1 ? "actual" : "redirect");
  return names.flatMap((name) =>
    getHeaderLines(request.headers, name).map((line) => ({
      hop: hopIndex,
      leg: actualLeg,
      side: "request" as const,
      name: line.name,
      value: line.value,
    })),
  );
}
