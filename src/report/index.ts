/** Reports in Markdown, self-contained HTML and JSON, from one model. */

import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import type { Report } from "./model.js";

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
} from "./model.js";
export { type ExchangeSummary, summarizeExchange } from "./summary.js";

export type ReportFormat = "md" | "html" | "json";

export interface Renderer {
  readonly mimeType: string;
  readonly extension: string;
  render(report: Report): string;
}

export const RENDERERS = {
  md: { mimeType: "text/markdown", extension: "md", render: renderMarkdown },
  html: { mimeType: "text/html", extension: "html", render: renderHtml },
  json: {
    mimeType: "application/json",
    extension: "json",
    render: (report: Report) => `${JSON.stringify(report, null, 2)}\n`,
  },
} as const satisfies Record<ReportFormat, Renderer>;
