import { useState } from "preact/hooks";
import { buildReport, RENDERERS, type ReportFormat } from "../../report/index.js";
import type { PanelServices } from "../services.js";
import type { PanelState, Row } from "../state/panel-state.js";

const FORMAT_LABEL: Record<ReportFormat, string> = { md: "Markdown", html: "HTML", json: "JSON" };

/** The report for some rows, redacted unless `includeSecrets`. */
export function reportText(
  rows: readonly Row[],
  state: PanelState,
  services: PanelServices,
  format: ReportFormat,
  includeSecrets: boolean,
): string {
  const imported = state.importedFrom.value;
  const report = buildReport(
    rows.map((row) => ({ captured: row.captured, diagnosis: row.diagnosis })),
    {
      browser: services.about.browser,
      tool: `CORS Doctor ${services.about.extensionVersion} (extension)`,
      captureMode: imported
        ? `imported HAR ${imported}`
        : `DevTools panel${state.precise.value.kind === "on" ? ", precise mode" : ""}`,
      generatedAt: new Date().toISOString(),
    },
    // The panel never keeps bodies, so there are none to include.
    { includeSecrets, includeBodies: false, stack: "auto" },
  );
  return RENDERERS[format].render(report);
}

function fileName(format: ReportFormat, what: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return `cors-doctor-${what}-${stamp}.${RENDERERS[format].extension}`;
}

/** Share one exchange: a report to download or Markdown to paste into an issue. */
export function ShareArea({ row, state, services }: { row: Row; state: PanelState; services: PanelServices }) {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <div class="share-area" data-testid="share-area">
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
          onClick={async () => {
            await services.copyText(reportText([row], state, services, "md", includeSecrets));
            setDone("Markdown copied.");
          }}
        >
          Copy as Markdown
        </button>
        {(Object.keys(RENDERERS) as ReportFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            data-testid={`export-${format}`}
            onClick={() => {
              services.saveFile(
                fileName(format, "request"),
                RENDERERS[format].mimeType,
                reportText([row], state, services, format, includeSecrets),
              );
              setDone(`${FORMAT_LABEL[format]} report saved.`);
            }}
          >
            Save {FORMAT_LABEL[format]}
          </button>
        ))}
        {done ? (
          <span class="copied" role="status">
            {done}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** Toolbar control: export every blocked exchange at once. */
export function ExportBlocked({ state, services }: { state: PanelState; services: PanelServices }) {
  const blocked = state.rows.value.filter((row) => row.diagnosis.verdict === "blocked");
  return (
    <select
      aria-label="Export every blocked request as a report"
      data-testid="export-blocked"
      disabled={blocked.length === 0}
      value=""
      onChange={(e) => {
        const format = (e.currentTarget as HTMLSelectElement).value as ReportFormat;
        if (!format) return;
        services.saveFile(
          fileName(format, "blocked"),
          RENDERERS[format].mimeType,
          reportText(blocked, state, services, format, false),
        );
        (e.currentTarget as HTMLSelectElement).value = "";
      }}
    >
      <option value="">Export {blocked.length} blocked…</option>
      {(Object.keys(RENDERERS) as ReportFormat[]).map((format) => (
        <option key={format} value={format}>
          {FORMAT_LABEL[format]} report
        </option>
      ))}
    </select>
  );
}

/** Reads a dropped or picked file and imports it as HAR. */
export function importFile(file: File, state: PanelState): void {
  void file.text().then(
    (text) => state.importHar(text, file.name),
    () => {
      state.importError.value = `${file.name} could not be read.`;
    },
  );
}
