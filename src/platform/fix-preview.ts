/**
 * "Preview this fix" over chrome.declarativeNetRequest: one session rule for the inspected tab.
 *
 * Facts this code relies on (Chrome's declarativeNetRequest and permissions references, MDN's
 * declarativeNetRequest page):
 * - `declarativeNetRequestWithHostAccess` has no install warning and acts only where the extension
 *   holds host permissions, for the request URL and for its initiator: both origins are requested.
 *   Both it and the hosts are optional (optional_permissions, optional_host_permissions), asked for
 *   on the click; `chrome.declarativeNetRequest` exists only once granted.
 * - Session rules live until removed or the browser exits; nothing else removes them. So the rule
 *   goes on Stop, on the timer, on leaving the site (panel state), on the panel's pagehide, and, as
 *   the one reliable sign that DevTools closed (browser-facts.md §3.5), when the port this panel
 *   holds to the background worker disconnects (background.ts removes the tab's rule then).
 * - The host permissions are released (`permissions.remove`) when the preview ends, and so is
 *   `declarativeNetRequestWithHostAccess` once no session rule is left (another DevTools window's
 *   preview may still need it). Required permissions cannot be removed (the e2e build grants them
 *   at install): that error is ignored. Hosts and the permission go in separate calls, so a
 *   required one never keeps the other granted.
 */

import type { FixPreviewRequest, FixPreviewService, FixPreviewStart } from "../panel/services.js";

export const DNR_PERMISSION = "declarativeNetRequestWithHostAccess";
export const PREVIEW_PORT_PREFIX = "fix-preview:";

/** Whether this build and browser can preview: the manifest declares the permission. */
export function fixPreviewDeclared(): boolean {
  if (typeof chrome.permissions?.contains !== "function") return false;
  const manifest = chrome.runtime.getManifest();
  const declared: readonly string[] = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
  return declared.includes(DNR_PERMISSION);
}

export function chromeFixPreview(tabId: number): FixPreviewService {
  let current: {
    ruleId: number;
    origins: string[];
    port: chrome.runtime.Port | null;
    keepAlive: ReturnType<typeof setInterval>;
  } | null = null;

  async function remove(): Promise<void> {
    const preview = current;
    current = null;
    if (!preview) return;
    clearInterval(preview.keepAlive);
    preview.port?.disconnect();
    await chrome.declarativeNetRequest?.updateSessionRules({ removeRuleIds: [preview.ruleId] }).catch(() => undefined);
    await chrome.permissions.remove({ origins: preview.origins }).catch(() => undefined);
    const rulesLeft = await chrome.declarativeNetRequest?.getSessionRules().catch(() => []);
    if (rulesLeft && rulesLeft.length === 0) {
      await chrome.permissions
        .remove({ permissions: [DNR_PERMISSION as chrome.runtime.ManifestPermission] })
        .catch(() => undefined);
    }
  }

  // DevTools closing unloads the panel: remove the rule on the way out (the port is the backstop).
  addEventListener("pagehide", () => void remove());

  return {
    tabId,
    async start({ rule, hostPermissions }: FixPreviewRequest): Promise<FixPreviewStart> {
      const wanted: chrome.permissions.Permissions = {
        permissions: [DNR_PERMISSION as chrome.runtime.ManifestPermission],
        origins: [...hostPermissions],
      };
      try {
        const granted = (await chrome.permissions.contains(wanted)) || (await chrome.permissions.request(wanted));
        if (!granted) return { ok: false, message: "The permission to modify these responses was not granted." };
        await remove();
        await chrome.declarativeNetRequest.updateSessionRules({
          removeRuleIds: [rule.id],
          addRules: [rule as unknown as chrome.declarativeNetRequest.Rule],
        });
        const port = chrome.runtime.connect({ name: `${PREVIEW_PORT_PREFIX}${tabId}:${rule.id}` });
        // A message every 20 s keeps the worker (and so the backstop) alive, as precise mode does.
        const keepAlive = setInterval(() => current?.port?.postMessage("ping"), 20_000);
        current = { ruleId: rule.id, origins: [...hostPermissions], port, keepAlive };
        port.onDisconnect.addListener(() => {
          if (current) current.port = null;
        });
        // This start's remover: once another preview replaced it, it must not remove that one.
        const mine = current;
        return { ok: true, remove: () => (current === mine ? remove() : Promise.resolve()) };
      } catch (error) {
        return { ok: false, message: `Could not add the preview: ${String((error as Error)?.message ?? error)}` };
      }
    },
  };
}
