/**
 * Precise mode: Chrome's own CORS verdicts through chrome.debugger (CDP), opt-in.
 *
 * Facts this code is built around (browser-facts.md §3):
 * - `debugger` is an optional permission, requested on the user's click.
 * - Events are broadcast to every extension context with a listener, so only the panel listens.
 * - An attachment outlives DevTools and no onDetach fires when DevTools closes: the panel detaches
 *   on pagehide, and a stale attachment of ours is detached and re-attached on the next enable.
 * - `Audits.enable` and `Log.enable` replay issues from before the attach; Network does not.
 */

import type { ChromeCorsReport, PreciseModeSource, PreciseModeState } from "../panel/services.js";

const PROTOCOL_VERSION = "1.3";
const MAX_TRACKED_REQUESTS = 5_000;

interface RequestInfo {
  url: string;
  method: string;
  timeMs: number | null;
}

type CdpParams = Record<string, unknown>;

/**
 * Whether precise mode can exist in this build and browser: the manifest declares the `debugger`
 * permission (optional, or granted at install in the e2e build) and the permissions API exists.
 * Firefox has no chrome.debugger, so the Firefox manifest declares no such permission and the panel
 * shows no precise-mode control. (`chrome.debugger` itself cannot be tested: Chrome defines it only
 * once the optional permission has been granted.)
 */
export function debuggerPermissionDeclared(): boolean {
  if (typeof chrome.permissions?.contains !== "function") return false;
  const manifest = chrome.runtime.getManifest();
  const declared: readonly string[] = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
  return declared.includes("debugger");
}

/** Precise mode over chrome.debugger for the inspected tab, or null where it cannot exist. */
export function chromeDebuggerPreciseMode(tabId: number): PreciseModeSource | null {
  // Set by vite.config.ts from the built manifest: a build without the permission (Firefox) drops
  // the code below entirely, so the bundle never references chrome.debugger.
  if (import.meta.env.CORS_DOCTOR_DEBUGGER === false || !debuggerPermissionDeclared()) return null;
  const target: chrome.debugger.Debuggee = { tabId };
  const reportListeners = new Set<(report: ChromeCorsReport) => void>();
  const stopListeners = new Set<(reason: string) => void>();
  const requests = new Map<string, RequestInfo>();
  let attached = false;
  /** Open while attached: the background worker detaches when it closes (DevTools closed). */
  let lifeline: chrome.runtime.Port | null = null;
  let keepAlive: ReturnType<typeof setInterval> | null = null;

  function holdLifeline() {
    releaseLifeline();
    lifeline = chrome.runtime.connect({ name: `precise-mode:${tabId}` });
    // A restarted worker drops the port: reconnect while still attached.
    lifeline.onDisconnect.addListener(() => {
      lifeline = null;
      if (attached) holdLifeline();
    });
    keepAlive = setInterval(() => lifeline?.postMessage("ping"), 20_000);
  }

  function releaseLifeline() {
    if (keepAlive !== null) clearInterval(keepAlive);
    keepAlive = null;
    const port = lifeline;
    lifeline = null;
    port?.disconnect();
  }

  const emit = (report: ChromeCorsReport) => {
    for (const listener of reportListeners) listener(report);
  };

  function onEvent(source: chrome.debugger.Debuggee, method: string, params?: object) {
    if (source.tabId !== tabId || !params) return;
    const p = params as CdpParams;
    switch (method) {
      case "Network.requestWillBeSent": {
        const request = p.request as { url?: string; method?: string } | undefined;
        if (typeof p.requestId !== "string" || !request?.url) return;
        requests.set(p.requestId, {
          url: request.url,
          method: request.method ?? "GET",
          timeMs: typeof p.wallTime === "number" ? p.wallTime * 1000 : null,
        });
        if (requests.size > MAX_TRACKED_REQUESTS) requests.delete(requests.keys().next().value as string);
        return;
      }
      case "Network.loadingFailed": {
        if (typeof p.requestId !== "string" || p.canceled === true) return;
        const info = requests.get(p.requestId);
        const status = p.corsErrorStatus as { corsError?: string; failedParameter?: string } | undefined;
        if (!info) return;
        emit({
          id: p.requestId,
          url: info.url,
          method: info.method,
          corsError: status?.corsError ?? null,
          failedParameter: status ? (status.failedParameter ?? "") : null,
          errorText: typeof p.errorText === "string" ? p.errorText : null,
          consoleText: null,
          timeMs: info.timeMs,
        });
        return;
      }
      case "Audits.issueAdded": {
        const issue = p.issue as { code?: string; details?: { corsIssueDetails?: CorsIssueDetails } } | undefined;
        const details = issue?.details?.corsIssueDetails;
        if (issue?.code !== "CorsIssue" || !details?.request?.url) return;
        const id = details.request.requestId ?? `issue:${details.request.url}`;
        const info = requests.get(id);
        emit({
          id,
          url: details.request.url,
          method: info?.method ?? null,
          corsError: details.corsErrorStatus?.corsError ?? null,
          failedParameter: details.corsErrorStatus?.failedParameter ?? null,
          errorText: null,
          consoleText: null,
          timeMs: info?.timeMs ?? null,
        });
        return;
      }
      case "Log.entryAdded": {
        const entry = p.entry as { text?: string; category?: string; source?: string; timestamp?: number } | undefined;
        const text = entry?.text ?? "";
        if (!text.includes("blocked by CORS policy")) return;
        const url = /Access to .+? at '([^']+)'/.exec(text)?.[1];
        if (!url) return;
        // The CORS console line carries no requestId; it is matched by URL to the request's report.
        const match = [...requests.entries()].reverse().find(([, info]) => info.url === url);
        emit({
          id: match?.[0] ?? `log:${url}`,
          url,
          method: match?.[1].method ?? null,
          corsError: null,
          failedParameter: null,
          errorText: null,
          consoleText: text,
          timeMs: typeof entry?.timestamp === "number" ? entry.timestamp : (match?.[1].timeMs ?? null),
        });
        return;
      }
      default:
        return;
    }
  }

  function onDetach(source: chrome.debugger.Debuggee, reason: string) {
    if (source.tabId !== tabId) return;
    attached = false;
    releaseLifeline();
    stopListening();
    for (const listener of stopListeners) listener(reason);
  }

  function startListening() {
    chrome.debugger.onEvent.addListener(onEvent);
    chrome.debugger.onDetach.addListener(onDetach);
  }

  function stopListening() {
    chrome.debugger.onEvent.removeListener(onEvent);
    chrome.debugger.onDetach.removeListener(onDetach);
  }

  async function attach(): Promise<void> {
    try {
      await chrome.debugger.attach(target, PROTOCOL_VERSION);
    } catch (error) {
      // A previous panel of ours may have left its attachment behind (DevTools closed without
      // detaching): detach it and try once more.
      if (!String((error as Error)?.message ?? error).includes("already attached")) throw error;
      await chrome.debugger.detach(target).catch(() => undefined);
      await chrome.debugger.attach(target, PROTOCOL_VERSION);
    }
  }

  // DevTools closing destroys the panel without any detach event: detach on the way out.
  addEventListener("pagehide", () => {
    if (attached) void chrome.debugger.detach(target).catch(() => undefined);
  });

  return {
    async enable(): Promise<PreciseModeState> {
      try {
        const granted =
          (await chrome.permissions.contains({ permissions: ["debugger"] })) ||
          (await chrome.permissions.request({ permissions: ["debugger"] }));
        if (!granted) return { kind: "unavailable", message: "The debugger permission was not granted." };
        startListening();
        await attach();
        attached = true;
        holdLifeline();
        for (const domain of ["Network.enable", "Audits.enable", "Log.enable"]) {
          await chrome.debugger.sendCommand(target, domain, {});
        }
        return { kind: "on" };
      } catch (error) {
        stopListening();
        attached = false;
        return { kind: "unavailable", message: `Could not attach: ${String((error as Error)?.message ?? error)}` };
      }
    },
    async disable() {
      stopListening();
      if (!attached) return;
      attached = false;
      releaseLifeline();
      await chrome.debugger.detach(target).catch(() => undefined);
    },
    onReport(listener) {
      reportListeners.add(listener);
      return () => reportListeners.delete(listener);
    },
    onStopped(listener) {
      stopListeners.add(listener);
      return () => stopListeners.delete(listener);
    },
  };
}

interface CorsIssueDetails {
  request?: { requestId?: string; url?: string };
  corsErrorStatus?: { corsError?: string; failedParameter?: string };
}
