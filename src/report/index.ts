/** Reports in Markdown, self-contained HTML and JSON, from one model. */

import { HTML_PARTS, renderHtml } from "./html.js";
import { JSON_PARTS } from "./json.js";
import { MARKDOWN_PARTS, renderMarkdown } from "./markdown.js";
import type { Report } from "./model.js";
import { type ReportParts, renderParts } from "./parts.js";

export { escapeHtml } from "./html.js";
export { codeBlock, codeSpan } from "./markdown.js";
export {
  type BodySource,
  buildReport,
  DEFAULT_REPORT_OPTIONS,
  type DiagnosedCapture,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportEnvironment,
  type ReportExchange,
  type ReportOptions,
  reportExchange,
  reportRedactedExchange,
} from "./model.js";
export { headOf, type ReportHead, type ReportParts } from "./parts.js";
export { type ReportServerFix, reportFixesOf, reportServerFixes, serverFixesJson } from "./server-fixes.js";
export { streamReport } from "./stream.js";
export { type ExchangeSummary, summarizeExchange } from "./summary.js";

export type ReportFormat = "md" | "html" | "json";

export interface Renderer {
  readonly mimeType: string;
  readonly extension: string;
  render(report: Report): string;
  /** The same text in pieces, for writing a large report as a stream (streamReport). */
  readonly parts: ReportParts;
}

export const RENDERERS = {
  md: { mimeType: "text/markdown", extension: "md", render: renderMarkdown, parts: MARKDOWN_PARTS },
  html: { mimeType: "text/html", extension: "html", render: renderHtml, parts: HTML_PARTS },
  json: {
    mimeType: "application/json",
    extension: "json",
    render: (report: Report) => renderParts(JSON_PARTS, report),
    parts: JSON_PARTS,
  },
} as const satisfies Record<ReportFormat, Renderer>;
