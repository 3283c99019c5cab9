/**
 * Words for a pasted console message (the panel's paste box): what it names, and whether a captured
 * request settles what the message leaves open. Firefox's messages often fit several Chromium
 * errors; only a captured request with the same URL can say which one it was.
 */

export const CONSOLE_NOTHING_RECOGNISED =
  "No CORS message recognised. Firefox prints its messages in the browser's language; switch it to English, or paste the Chrome or Safari message.";

/** The line before the candidate errors, or null when the message names exactly one. */
export function pasteCandidatesIntro(candidates: number, matched: boolean): string | null {
  if (candidates < 2) return null;
  return matched
    ? "The message does not say which of these it is; the captured request with this URL does (show it below):"
    : "The message does not say which of these it is, and no captured request has this URL to tell. It is one of:";
}

/** The line after the explanation when no captured request matches; null when one does, or the intro said it. */
export function pasteUnmatchedNote(candidates: number, matched: boolean): string | null {
  if (matched || candidates >= 2) return null;
  return "No captured request has this URL; the explanation above comes from the message alone.";
}
