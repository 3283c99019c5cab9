/**
 * Words that depend on the tool that wrote the capture (capture/producer.ts): what to do about a
 * preflight the capture does not show. Advice to reload with DevTools open is right for a browser's
 * own capture and wrong for Playwright's recordHar or Safari's Web Inspector, which never record
 * preflights, or for a proxy, which sees every preflight that goes over the wire.
 */

import type { CaptureProducer } from "../engine/types.js";

const PROBE = "replay the preflight with `cors-doctor probe <url> --origin <page origin> -X <method> -H '<header>'`";

interface PreflightGapText {
  /** The request needed a preflight, none is in the capture, and the request got no response. */
  readonly blocked: (method: string) => string;
  /** The request needed a preflight, none is in the capture, and the request went through. */
  readonly passed: (method: string) => string;
  /** The five questions' words for "no preflight in the capture" (state `not-captured`). */
  readonly answer: string;
  /** The same when the capture cannot hold preflights at all (state `unknown`). */
  readonly unseen: string;
}

const BROWSER_GAP: PreflightGapText = {
  blocked: (method) =>
    `This ${method} request needed a preflight, none was captured, and the browser never sent the request. The preflight most likely failed before capture started. Reload the page with DevTools open (the panel's reload button) to see it.`,
  passed: (method) =>
    `This ${method} request needed a preflight but none was captured: the browser answered from its preflight cache (up to 2 hours in Chrome), or the preflight happened before capture started. Tick "Disable cache" in the Network panel and reload to see it.`,
  answer: " No preflight was captured (answered from the preflight cache, or sent before capture started).",
  unseen: " This capture does not show preflights.",
};

/** What a capture that never holds preflights says, and the ways to see the preflight anyway. */
function neverRecorded(who: string, failed: string, instead: string): PreflightGapText {
  const answer = ` ${who} does not record preflights, so the server's answer to OPTIONS is not in this capture.`;
  return {
    blocked: (method) =>
      `This ${method} request needed a preflight, and ${failed}. ${who} does not record CORS preflights, so the server's answer to OPTIONS is not in this file: that answer is where the request was stopped. To see it, ${instead}.`,
    passed: (method) =>
      `This ${method} request needed a preflight. ${who} does not record CORS preflights, so whether one was sent (or answered from the browser's preflight cache) is not in this file.`,
    answer,
    unseen: answer,
  };
}

/** `who` in a sentence, `Who` leading one. */
const PROXY_GAP = (who: string, Who: string): PreflightGapText => ({
  blocked: (method) =>
    `This ${method} request needed a preflight and got no response, yet no OPTIONS request to it went through ${who}. ${Who} records every preflight the browser sends through it, so this one was sent before recording started or did not go through the proxy. Record again from the page's load, or ${PROBE}.`,
  passed: (method) =>
    `This ${method} request needed a preflight, but no OPTIONS request went through ${who}: the browser answered from its own preflight cache (up to 2 hours in Chrome, as long as Access-Control-Max-Age allows), or sent it before recording started. A proxy cannot empty the browser's cache: capture again in a fresh browser profile or a private window to see it.`,
  answer: ` No preflight went through ${who} (the browser's preflight cache answered, or it was sent before recording started).`,
  unseen: " This capture does not show preflights.",
});

export const PREFLIGHT_GAP_TEXT: Readonly<Record<CaptureProducer, PreflightGapText>> = {
  chromium: BROWSER_GAP,
  firefox: BROWSER_GAP,
  unknown: BROWSER_GAP,
  playwright: neverRecorded(
    "Playwright's recordHar",
    "the browser stopped it (Playwright wrote status -1 and net::ERR_FAILED)",
    `${PROBE}; or print Chrome's own CORS error line in the test with page.on('console'), which names the failed check; or run the same steps in Chrome with DevTools and the CORS Doctor panel open`,
  ),
  safari: neverRecorded(
    "Safari's Web Inspector",
    "Safari stopped it",
    `read Safari's Console, which names the failed check ("Preflight response is not successful. Status code: 403", "Origin … is not allowed by Access-Control-Allow-Origin."), and paste that line into the CORS Doctor panel; or ${PROBE}; or capture the same steps in Chrome or Firefox with the panel open`,
  ),
  mitmproxy: PROXY_GAP("mitmproxy", "mitmproxy"),
  proxy: PROXY_GAP("the proxy", "The proxy"),
};
