/**
 * The rules by which Firefox and Safari answer differently from Chromium, and the reasons an answer
 * can be `unknown`: stable codes, each backed by the lab scenarios that show it (recorded from the
 * engines themselves: test/fixtures/engines/<engine>.json; test/engine/browsers-lab.test.ts holds
 * every rule to its scenarios). Words for each code live in src/explain/browser-texts.ts.
 */

export const BROWSER_DIFFERENCE_CODES = [
  // The verdict differs.
  "CLIENT_HINTS_NEED_PREFLIGHT",
  "FIREFOX_REDIRECT_CREDENTIALS_NETWORK_ERROR",
  "WEBKIT_PREFLIGHT_NETWORK_ERROR_IS_BLOCKED",
  "SAME_ORIGIN_MODE_IS_NETWORK_ERROR",
  // The same verdict, another failure named.
  "FIREFOX_ALLOW_ORIGIN_LIST_IS_MISMATCH",
  "FIREFOX_UNPARSABLE_ALLOW_ORIGIN_IS_MISMATCH",
  "FIREFOX_CORS_CHECK_BEFORE_PREFLIGHT_REDIRECT",
  "FIREFOX_NAMES_HEADERS_IN_NAME_ORDER",
  "WEBKIT_PREFLIGHT_STATUS_FIRST",
  "WEBKIT_PREFLIGHT_REDIRECT_IS_STATUS",
  "WEBKIT_ALLOW_ORIGIN_ONE_TEXT",
  "WEBKIT_NAMES_FIRST_HEADER_THE_PAGE_SET",
] as const;
export type BrowserDifferenceCode = (typeof BROWSER_DIFFERENCE_CODES)[number];

export const BROWSER_UNKNOWN_CODES = [
  /** Chromium's own answer is unknown: the capture cannot tell, whichever browser ran it. */
  "CHROMIUM_UNKNOWN",
  /** Local Network Access is Chromium's alone; what the others do rests on checks Chromium never ran. */
  "LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY",
  /** No lab scenario records what this browser does for this failure. */
  "NOT_RECORDED",
  /**
   * The browser sends a preflight Chromium does not (for a header only Chromium safelists): the
   * capture holds no answer to it.
   */
  "PREFLIGHT_ONLY_CHROMIUM_SKIPS",
] as const;
export type BrowserUnknownCode = (typeof BROWSER_UNKNOWN_CODES)[number];

export interface DifferenceRule {
  readonly engines: readonly ("firefox" | "webkit")[];
  /** Whether the browser's verdict differs (true) or only the failure it names (false). */
  readonly changesVerdict: boolean;
  /** Lab scenarios whose recording shows the rule (the first is the README's example). */
  readonly scenarios: readonly string[];
}

export const DIFFERENCE_RULES: Readonly<Record<BrowserDifferenceCode, DifferenceRule>> = {
  FIREFOX_ALLOW_ORIGIN_LIST_IS_MISMATCH: {
    engines: ["firefox"],
    changesVerdict: false,
    scenarios: ["acao-comma-list", "preflight-acao-comma-list", "acao-duplicate-lines"],
  },
  FIREFOX_UNPARSABLE_ALLOW_ORIGIN_IS_MISMATCH: {
    engines: ["firefox"],
    changesVerdict: false,
    scenarios: ["acao-bare-domain", "acao-empty", "preflight-acao-bare-domain"],
  },
  FIREFOX_NAMES_HEADERS_IN_NAME_ORDER: {
    engines: ["firefox"],
    changesVerdict: false,
    scenarios: [
      "header-order-not-sorted",
      "header-order-not-sorted-xhr",
      "header-safelisted-total-over-1024",
      "fuzz-long-content-language-header-order",
    ],
  },
  SAME_ORIGIN_MODE_IS_NETWORK_ERROR: {
    engines: ["firefox", "webkit"],
    changesVerdict: true,
    scenarios: ["same-origin-mode-cross-origin"],
  },
  FIREFOX_REDIRECT_CREDENTIALS_NETWORK_ERROR: {
    engines: ["firefox"],
    changesVerdict: true,
    scenarios: ["redirect-contains-credentials"],
  },
  FIREFOX_CORS_CHECK_BEFORE_PREFLIGHT_REDIRECT: {
    engines: ["firefox"],
    changesVerdict: false,
    scenarios: ["preflight-308-trailing-slash"],
  },
  CLIENT_HINTS_NEED_PREFLIGHT: {
    engines: ["firefox", "webkit"],
    changesVerdict: true,
    scenarios: ["allowed-safelisted-total-1024"],
  },
  WEBKIT_PREFLIGHT_NETWORK_ERROR_IS_BLOCKED: {
    engines: ["webkit"],
    changesVerdict: true,
    scenarios: ["network-preflight-connection-closed"],
  },
  WEBKIT_NAMES_FIRST_HEADER_THE_PAGE_SET: {
    engines: ["webkit"],
    changesVerdict: false,
    scenarios: ["header-order-not-sorted-xhr", "fuzz-long-content-language-header-order"],
  },
  WEBKIT_PREFLIGHT_STATUS_FIRST: {
    engines: ["webkit"],
    changesVerdict: false,
    scenarios: ["preflight-401-without-cors", "preflight-403-without-cors", "preflight-405-without-cors"],
  },
  WEBKIT_PREFLIGHT_REDIRECT_IS_STATUS: {
    engines: ["webkit"],
    changesVerdict: false,
    scenarios: ["preflight-301-trailing-slash", "preflight-302-other-host"],
  },
  WEBKIT_ALLOW_ORIGIN_ONE_TEXT: {
    engines: ["webkit"],
    changesVerdict: false,
    scenarios: ["acao-missing", "acao-trailing-slash", "acao-bare-domain"],
  },
};

/** The lab scenarios that show an `unknown` reason (the README's table lists them with the differences). */
export const UNKNOWN_SCENARIOS: Readonly<Partial<Record<BrowserUnknownCode, readonly string[]>>> = {
  LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY: ["lna-public-page-preflighted", "lna-insecure-public-page-preflighted"],
  PREFLIGHT_ONLY_CHROMIUM_SKIPS: ["allowed-safelisted-total-1024"],
};
