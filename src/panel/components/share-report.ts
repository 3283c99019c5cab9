/**
 * The report behind "Share it" and "Export blocked": src/report (with the fixes, curl commands and
 * redaction it includes) is loaded on demand, when the user points at or focuses a share control.
 */

import { buildReport, RENDERERS, type ReportFormat } from "../../report/index.js";
import type { PanelServices } from "../services.js";
import type { PanelState, Row } from "../state/panel-state.js";

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

/** Renders the report and hands it to the host's download. */
export function saveReport(
  rows: readonly Row[],
  what: string,
  state: PanelState,
  services: PanelServices,
  format: ReportFormat,
  includeSecrets: boolean,
): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  services.saveFile(
    `cors-doctor-${what}-${stamp}.${RENDERERS[format].extension}`,
    RENDERERS[format].mimeType,
    reportText(rows, state, services, format, includeSecrets),
  );
}
