/**
 * The request's mode in one line, with what it was inferred from: the premise of the five
 * questions, shown on every row ("mode: cors — from Sec-Fetch-Mode: cors"), so a reader sees why a
 * request was, or was not, checked as CORS.
 */

import type { Diagnosis, Evidence, ModeAnswer } from "../engine/types.js";

/** Long header values (a navigation's Accept) are cut here: the line names the evidence, the headers show it whole. */
const VALUE_LIMIT = 40;

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  assumed: "assumed: nothing in the capture says otherwise",
  user: "the probe sends a CORS request, as fetch() would",
};

/** `mode: navigate — from Accept: text/html,… and Upgrade-Insecure-Requests: 1` */
export function describeMode(diagnosis: Diagnosis): string {
  return describeModeAnswer(diagnosis.questions.mode);
}

export function describeModeAnswer(mode: ModeAnswer): string {
  if (mode.value === null) return `mode: unknown — ${mode.unknownReason ?? "the capture does not say"}`;
  if (mode.evidence.length > 0) return `mode: ${mode.value} — from ${mode.evidence.map(evidenceWords).join(" and ")}`;
  const words = SOURCE_WORDS[mode.source];
  return words ? `mode: ${mode.value} — ${words}` : `mode: ${mode.value} (${mode.source})`;
}

function evidenceWords(evidence: Evidence): string {
  const value = evidence.value.length > VALUE_LIMIT ? `${evidence.value.slice(0, VALUE_LIMIT)}…` : evidence.value;
  if (evidence.name === ":method") return `the method ${value} (only CORS allows it)`;
  if (evidence.name === ":url") return "the HAR page's own URL";
  if (evidence.name === ":error") return `an opaque response (${value}, headers stripped)`;
  if (evidence.value === "(not sent)") return `the absence of ${evidence.name} on a cross-origin request`;
  if (evidence.leg === "preflight") return `the preflight's ${evidence.name}: ${value}`;
  if (evidence.side === "response") return `the response's ${evidence.name}: ${value}`;
  return `${evidence.name}: ${value}`;
}
