/**
 * The Firefox build's manifest, derived from the one manifest.json (never a second copy).
 *
 * - `background.scripts` instead of `service_worker`: Firefox runs MV3 backgrounds as event pages.
 * - No `debugger` permission: Firefox has no chrome.debugger, so precise mode does not exist there
 *   (the panel hides it because the manifest does not declare the permission).
 * - No "Preview this fix": Firefox implements declarativeNetRequest, but only as an install-time
 *   permission (bugzilla 1827855: not allowed in optional_permissions), and the preview must add no
 *   install permission; so `declarativeNetRequestWithHostAccess` and the optional hosts go, and the
 *   panel shows no preview button.
 * - No Chrome-only keys (`minimum_chrome_version`).
 * - `browser_specific_settings.gecko`: the add-on id (MV3 add-ons need one to be signed), the
 *   minimum version and the data-collection declaration addons.mozilla.org requires (CORS Doctor
 *   sends nothing anywhere: `none`). 140 is the ESR that introduced `data_collection_permissions`;
 *   DevTools extension panels, MV3 event pages and module background scripts are all older.
 * - `gecko_android.strict_min_version` 142: Firefox for Android understands the data-collection
 *   key from 142 on (web-ext lint warns otherwise). Android has no DevTools, so the add-on is meant
 *   for desktop; the key only keeps the manifest truthful if it is ever installed there.
 */

export const FIREFOX_ADDON_ID = "cors-doctor@cors-doctor.dev";
export const FIREFOX_MIN_VERSION = "140.0";
export const FIREFOX_ANDROID_MIN_VERSION = "142.0";

/** Keys only Chromium understands; Firefox warns about each unknown key. */
const CHROME_ONLY_KEYS = ["minimum_chrome_version"] as const;
/** Permissions Firefox does not implement, or not as optional ones. */
const CHROME_ONLY_PERMISSIONS = new Set(["debugger", "declarativeNetRequestWithHostAccess"]);

interface Manifest {
  readonly manifest_version: number;
  readonly name: string;
  readonly version: string;
  readonly background?: {
    readonly service_worker?: string;
    readonly scripts?: readonly string[];
    readonly type?: string;
  };
  readonly permissions?: readonly string[];
  readonly optional_permissions?: readonly string[];
  readonly optional_host_permissions?: readonly string[];
  readonly [key: string]: unknown;
}

export function firefoxManifest(manifest: Manifest): Manifest {
  const result: { -readonly [K in keyof Manifest]: Manifest[K] } = { ...manifest };
  for (const key of CHROME_ONLY_KEYS) delete result[key];

  for (const key of ["permissions", "optional_permissions"] as const) {
    const kept = (manifest[key] ?? []).filter((permission) => !CHROME_ONLY_PERMISSIONS.has(permission));
    if (kept.length > 0) result[key] = kept;
    else delete result[key];
  }

  // Only the preview asks for hosts, and it does not exist in Firefox.
  delete result.optional_host_permissions;

  const worker = manifest.background?.service_worker;
  if (worker) {
    result.background = {
      scripts: [worker],
      ...(manifest.background?.type ? { type: manifest.background.type } : {}),
    };
  }

  result.browser_specific_settings = {
    gecko: {
      id: FIREFOX_ADDON_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      data_collection_permissions: { required: ["none"] },
    },
    gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
  };
  return result;
}
