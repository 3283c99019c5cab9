import { useState } from "preact/hooks";
import type { ReportFormat } from "../../report/index.js";
import type { PanelServices } from "../services.js";
import type { PanelState, Row } from "../state/panel-state.js";
import { loadFailedMessage, onDemand } from "./on-demand.js";

const FORMAT_LABEL: Record<ReportFormat, string> = { md: "Markdown", html: "HTML", json: "JSON" };
const FORMATS = Object.keys(FORMAT_LABEL) as ReportFormat[];

/**
 * src/report is loaded on share: pointing at or focusing a share control starts the load, and a
 * click waits for it (milliseconds, well within the click's user activation, which the clipboard
 * and the download need).
 */
const reportPart = onDemand("the report", () => import("./share-report.js"));
const prefetch = () => {
  reportPart.load().catch(() => {
    // Reported when the user clicks.
  });
};

/** Runs `use` with the report module; the status line says "Preparing…" meanwhile, or why it failed. */
async function withReport(
  use: (report: typeof import("./share-report.js")) => Promise<string> | string,
  setStatus: (status: { text: string; failed: boolean } | null) => void,
): Promise<void> {
  if (!reportPart.loaded) setStatus({ text: "Preparing the report…", failed: false });
  let report: typeof import("./share-report.js");
  try {
    report = await reportPart.load();
  } catch (error) {
    setStatus({ text: loadFailedMessage(reportPart, error), failed: true });
    return;
  }
  try {
    setStatus({ text: await use(report), failed: false });
  } catch (error) {
    // A refused clipboard write or a failed download: say so rather than leave "Preparing…".
    setStatus({ text: `That did not work: ${error instanceof Error ? error.message : String(error)}`, failed: true });
  }
}

function Status({ status }: { status: { text: string; failed: boolean } | null }) {
  if (!status) return null;
  return status.failed ? (
    <span class="error-text" role="alert" data-testid="share-failed">
      {status.text}
    </span>
  ) : (
    <span class="copied" role="status">
      {status.text}
    </span>
  );
}

/** Share one exchange: a report to download or Markdown to paste into an issue. */
export function ShareArea({ row, state, services }: { row: Row; state: PanelState; services: PanelServices }) {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  return (
    <div class="share-area" data-testid="share-area" onPointerEnter={prefetch} onFocusCapture={prefetch}>
      <h3>Share it</h3>
      <p class="note">
        A report for whoever owns the server: the verdict, the five questions, both requests' headers, the causes, the
        fix and the curl commands. Cookies, Authorization, API keys and tokens in URLs are redacted unless you include
        them; bodies are never captured.
      </p>
      <div class="copy-controls">
        <label>
          <input
            type="checkbox"
            checked={includeSecrets}
            onChange={(e) => setIncludeSecrets((e.currentTarget as HTMLInputElement).checked)}
            data-testid="report-include-secrets"
          />
          Include secrets
        </label>
        <button
          type="button"
          data-testid="copy-report-md"
          onClick={() =>
            withReport(async (report) => {
              await services.copyText(report.reportText([row], state, services, "md", includeSecrets));
              return "Markdown copied.";
            }, setStatus)
          }
        >
          Copy as Markdown
        </button>
        {FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            data-testid={`export-${format}`}
            onClick={() =>
              withReport((report) => {
                report.saveReport([row], "request", state, services, format, includeSecrets);
                return `${FORMAT_LABEL[format]} report saved.`;
              }, setStatus)
            }
          >
            Save {FORMAT_LABEL[format]}
          </button>
        ))}
        <Status status={status} />
      </div>
    </div>
  );
}

/** Toolbar control: export every blocked exchange at once. */
export function ExportBlocked({ state, services }: { state: PanelState; services: PanelServices }) {
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  // The count is kept up to date by the state; the rows are filtered only when exporting.
  const blockedCount = state.counts.value.blocked;
  return (
    <>
      <select
        aria-label="Export every blocked request as a report"
        data-testid="export-blocked"
        disabled={blockedCount === 0}
        value=""
        onPointerEnter={prefetch}
        onFocus={prefetch}
        onChange={(e) => {
          const format = (e.currentTarget as HTMLSelectElement).value as ReportFormat;
          (e.currentTarget as HTMLSelectElement).value = "";
          if (!format) return;
          const blocked = state.rows.value.filter((row) => row.diagnosis.verdict === "blocked");
          void withReport((report) => {
            report.saveReport(blocked, "blocked", state, services, format, false);
            // Only a failure stays on the toolbar; the download itself is the confirmation.
            return "";
          }, setStatus);
        }}
      >
        <option value="">Export {blockedCount} blocked…</option>
        {FORMATS.map((format) => (
          <option key={format} value={format}>
            {FORMAT_LABEL[format]} report
          </option>
        ))}
      </select>
      <Status status={status?.text ? status : null} />
    </>
  );
}

/** Reads a dropped or picked file and imports it as HAR. */
export function importFile(file: File, state: PanelState): void {
  // A failed read and a file reader that could not be loaded (har-import.ts loads it) end alike.
  state.importHarText({ chunks: () => fileText(file), whole: () => file.text() }, file.name).catch(() => {
    state.importError.value = `${file.name} could not be read.`;
  });
}

/** A file's text as it is read (UTF-8, as File.text() decodes it), so its first entries show early. */
async function* fileText(file: File): AsyncIterable<string> {
  if (typeof file.stream !== "function" || typeof TextDecoderStream !== "function") {
    yield await file.text();
    return;
  }
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopped early (the import fell back to the whole text, or another began): stop reading.
    await reader.cancel().catch(() => undefined);
  }
}
