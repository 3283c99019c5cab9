/**
 * Words for "Preview this fix" loaded with the fix area: why a failure cannot be previewed, the
 * button, and the verdict of a request captured under a preview.
 */

import type { Verdict } from "../engine/types.js";
import type { PreviewBlock, PreviewBlockCode } from "../fixes/preview-rule.js";

export const PREVIEW_BLOCK_TEXT: Readonly<
  Record<PreviewBlockCode, (args: Readonly<Record<string, string>>) => string>
> = {
  PREVIEW_PREFLIGHT_STATUS: (a) =>
    `The preflight was answered ${a.status ?? "with an error status"}. A preview rewrites response headers and cannot change a status code, so it cannot show this fix: change the server as shown below, so that OPTIONS is answered with 2xx.`,
  PREVIEW_PREFLIGHT_REDIRECT: (a) =>
    `The preflight was redirected (${a.status ?? "3xx"}). A preview rewrites response headers and cannot undo a redirect, so it cannot show this fix: change the server or the URL as shown below.`,
  PREVIEW_NETWORK_ERROR: () =>
    "The request failed on the network, with no response to rewrite, so a preview cannot show a fix: make the server reachable first.",
  PREVIEW_NO_SERVER_CHANGE: () => "No server change fixes this, so there is nothing to preview.",
  PREVIEW_ORIGIN_UNKNOWN: () => "The page's origin is not known, so a preview cannot be scoped to it.",
};

export const explainPreviewBlock = (block: PreviewBlock): string => PREVIEW_BLOCK_TEXT[block.code](block.args);

export const PREVIEW_BUTTON_TEXT = "Preview this fix";

export const PREVIEW_HOW_TEXT =
  "Rewrites this server's response headers in this tab only, to the change proposed here, until you stop it (at most 5 minutes, or until the tab leaves this site). Repeat the action in the page: the new request shows whether the fix is enough.";

export function previewedVerdictText(verdict: Verdict, headline: string): string {
  const outcome = verdict === "allowed" ? "allowed" : `still ${verdict}: ${headline}`;
  return `Captured while a fix was previewed: these response headers were written by CORS Doctor, not by the server. With this fix: ${outcome}`;
}
