/**
 * What "Preview this fix" leaves granted when it ends, over a recorded model of the chrome.* calls
 * (Chrome's prompt cannot be clicked by automation, so the optional grant is not reachable in the
 * real-Chromium e2e; that suite covers the rule itself with install-time grants).
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PreviewRule } from "../../src/fixes/preview-rule.js";
import { chromeFixPreview, DNR_PERMISSION } from "../../src/platform/fix-preview.js";

const RULE: PreviewRule = {
  id: 7,
  priority: 1,
  action: { type: "modifyHeaders", responseHeaders: [] },
  condition: { tabIds: [1], regexFilter: "^http://api\\.test:8080/", initiatorDomains: ["app.test"] },
};
const HOSTS = ["http://api.test:8080/*", "http://app.test:8000/*"];

/** A chrome.* with session rules and granted permissions kept in memory; `otherRules` belong to other tabs. */
function fakeChrome(options: { otherRules?: number[]; requiredPermission?: boolean } = {}) {
  const rules = new Map<number, unknown>((options.otherRules ?? []).map((id) => [id, {}]));
  const granted = { permissions: new Set<string>(), origins: new Set<string>() };
  const removals: chrome.permissions.Permissions[] = [];
  const chromeFake = {
    permissions: {
      contains: async () => false,
      request: async (p: chrome.permissions.Permissions) => {
        for (const name of p.permissions ?? []) granted.permissions.add(name);
        for (const origin of p.origins ?? []) granted.origins.add(origin);
        return true;
      },
      remove: async (p: chrome.permissions.Permissions) => {
        removals.push(p);
        if (options.requiredPermission && p.permissions?.includes(DNR_PERMISSION)) {
          throw new Error("You cannot remove required permissions.");
        }
        for (const name of p.permissions ?? []) granted.permissions.delete(name);
        for (const origin of p.origins ?? []) granted.origins.delete(origin);
        return true;
      },
    },
    declarativeNetRequest: {
      updateSessionRules: async (u: { removeRuleIds?: number[]; addRules?: { id: number }[] }) => {
        for (const id of u.removeRuleIds ?? []) rules.delete(id);
        for (const rule of u.addRules ?? []) rules.set(rule.id, rule);
      },
      getSessionRules: async () => [...rules.values()],
    },
    runtime: {
      connect: () => ({ postMessage() {}, disconnect() {}, onDisconnect: { addListener() {} } }),
    },
  };
  return { chromeFake, granted, rules, removals };
}

describe("the preview's permissions when it ends", () => {
  beforeEach(() => vi.stubGlobal("addEventListener", () => undefined));
  afterEach(() => vi.unstubAllGlobals());

  it("releases the hosts and declarativeNetRequestWithHostAccess once no rule is left", async () => {
    const { chromeFake, granted, rules } = fakeChrome();
    vi.stubGlobal("chrome", chromeFake);
    const started = await chromeFixPreview(1).start({ rule: RULE, hostPermissions: HOSTS });
    if (!started.ok) throw new Error(started.message);
    expect([...granted.permissions]).toEqual([DNR_PERMISSION]);
    expect(rules.size).toBe(1);

    await started.remove();
    expect(rules.size).toBe(0);
    expect([...granted.origins]).toEqual([]);
    expect([...granted.permissions]).toEqual([]);
  });

  it("keeps declarativeNetRequestWithHostAccess while another tab's preview rule remains", async () => {
    const { chromeFake, granted, rules } = fakeChrome({ otherRules: [99] });
    vi.stubGlobal("chrome", chromeFake);
    const started = await chromeFixPreview(1).start({ rule: RULE, hostPermissions: HOSTS });
    if (!started.ok) throw new Error(started.message);

    await started.remove();
    expect([...rules.keys()]).toEqual([99]);
    expect([...granted.origins]).toEqual([]);
    expect([...granted.permissions]).toEqual([DNR_PERMISSION]);
  });

  it("still releases the hosts when the permission is required (granted at install) and cannot go", async () => {
    const { chromeFake, granted, removals } = fakeChrome({ requiredPermission: true });
    vi.stubGlobal("chrome", chromeFake);
    const started = await chromeFixPreview(1).start({ rule: RULE, hostPermissions: HOSTS });
    if (!started.ok) throw new Error(started.message);

    await expect(started.remove()).resolves.toBeUndefined();
    expect([...granted.origins]).toEqual([]);
    expect(removals).toEqual([{ origins: HOSTS }, { permissions: [DNR_PERMISSION] }]);
  });
});
