import type { PreviewRule } from "../fixes/preview-rule.js";

/**
 * What the panel needs from its host, as interfaces. src/extension provides chrome.* versions;
 * tests and the harness page provide plain ones (recorded HAR, fake clipboard).
 */

export interface NetworkSource {
  /** The HAR log DevTools has recorded so far (backfill on open). */
  getHar(): Promise<unknown>;
  /** Each finished request's HAR entry; returns an unsubscribe function. */
  onRequestFinished(listener: (entry: unknown) => void): () => void;
  /** The inspected page navigated to `url`. */
  onNavigated(listener: (url: string) => void): () => void;
  /** The inspected page's URL, when it can be read. */
  inspectedUrl(): Promise<string | null>;
  /** Reloads the inspected page, to capture requests that finished before DevTools opened. */
  reloadInspectedPage(): void;
}

/** One CORS failure as Chrome itself reported it (DevTools protocol). */
export interface ChromeCorsReport {
  /** Chrome's requestId; reports with the same id describe the same request and are merged. */
  readonly id: string;
  readonly url: string;
  readonly method: string | null;
  readonly corsError: string | null;
  readonly failedParameter: string | null;
  readonly errorText: string | null;
  /** The "Access to fetch at … has been blocked by CORS policy" console line, when seen. */
  readonly consoleText: string | null;
  /** Wall-clock time of the request in ms, when known. */
  readonly timeMs: number | null;
}

export type PreciseModeState =
  | { readonly kind: "off" }
  | { readonly kind: "starting" }
  | { readonly kind: "on" }
  | { readonly kind: "unavailable"; readonly message: string };

/** Chrome's own CORS verdicts through chrome.debugger, opt-in. */
export interface PreciseModeSource {
  /** Asks for the optional `debugger` permission (needs a click) and attaches to the inspected tab. */
  enable(): Promise<PreciseModeState>;
  disable(): Promise<void>;
  onReport(listener: (report: ChromeCorsReport) => void): () => void;
  /** Chrome detached (the user clicked Cancel on the infobar, the tab closed). */
  onStopped(listener: (reason: string) => void): () => void;
}

/** What a preview needs installed: one session rule and the host permissions it acts under. */
export interface FixPreviewRequest {
  readonly rule: PreviewRule;
  readonly hostPermissions: readonly string[];
}

export type FixPreviewStart =
  | { readonly ok: true; readonly remove: () => Promise<void> }
  | { readonly ok: false; readonly message: string };

/** "Preview this fix" through chrome.declarativeNetRequest (src/platform/fix-preview.ts). */
export interface FixPreviewService {
  /** The inspected tab, the only one the rule applies to. */
  readonly tabId: number;
  /** Asks for the optional permissions (needs the click), then adds the rule for the inspected tab. */
  start(request: FixPreviewRequest): Promise<FixPreviewStart>;
}

/**
 * Small remembered settings (column widths, the splitter, what was explained once). Synchronous,
 * so the first render already has them; values are strings, a failed write is forgotten.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export interface PanelServices {
  readonly network: NetworkSource;
  readonly precise: PreciseModeSource | null;
  /**
   * Loads the fix preview on first use (its adapter is not in the panel's first bundle); absent
   * where the build cannot preview (Firefox: see README).
   */
  readonly fixPreview?: () => Promise<FixPreviewService>;
  readonly copyText: (text: string) => Promise<void>;
  /** Saves a file the user asked to export. */
  readonly saveFile: (name: string, mimeType: string, content: string) => void;
  readonly theme: "light" | "dark";
  /** Where the panel remembers its layout between sessions. */
  readonly storage: KeyValueStore;
  /** Re-reads the live capture (after leaving an imported file). */
  readonly backfill?: () => void;
  /** For reports: the browser (e.g. "Chrome/156.0.8078.79") and the extension's version. */
  readonly about: { readonly browser: string | null; readonly extensionVersion: string };
}
