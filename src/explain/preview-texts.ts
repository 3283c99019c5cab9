/** Words for "Preview this fix" the panel shows at once: the banner and the previewed rows' tag. */

/** The banner while a preview is active. */
export const previewBannerText = (host: string): string =>
  `Previewing a fix: responses from ${host} are modified in this tab.`;

/** The line that replaces the banner when a preview ended by itself. */
export const PREVIEW_ENDED_TEXT = {
  stopped: "The fix preview was stopped; responses are the server's own again.",
  expired: "The fix preview ended after 5 minutes; responses are the server's own again.",
  navigated: "The fix preview ended because the tab left the site; responses are the server's own again.",
} as const;

/** The row tag and the detail view's note for a request captured under a preview. */
export const PREVIEWED_TAG = "previewed fix";
