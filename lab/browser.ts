/**
 * Launching Debian's Chromium for the lab: the built extension installed, DevTools open on a tab,
 * the extension's devtools page loaded, the CORS panel shown (browser-facts.md §5.5-5.9).
 * Never downloads a browser: puppeteer-core with /usr/bin/chromium only.
 *
 * DevTools can be closed and opened again (`closeDevTools()` / `openDevTools()`), and its
 * preferences (dock side, theme) can be set before launch (`devtoolsPreferences`, written into a
 * fresh profile) or while running (`setDevToolsPreference()`, effective from the next opening).
 */

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser, type Frame, type Page } from "puppeteer-core";
import type { runnerRequest } from "./pages.js";
import { HOST_RESOLVER_RULES } from "./scenario.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_PATH = join(REPO_ROOT, "dist");
/** The e2e build: same code, `debugger` granted at install (the permission prompt cannot be clicked). */
export const DIST_E2E_PATH = join(REPO_ROOT, "dist-e2e");

/**
 * Builds the extension into `distPath` when it has no manifest yet (a browser test run on its own,
 * outside npm test, which builds first). `build` selects the variant (CORS_DOCTOR_BUILD: "e2e",
 * "firefox"); the default is the store build in dist/.
 */
export function ensureBuilt(distPath: string, build?: "e2e" | "firefox"): void {
  if (existsSync(join(distPath, "manifest.json"))) return;
  const result = spawnSync("npx", ["vite", "build"], {
    cwd: REPO_ROOT,
    stdio: "inherit",
    env: build ? { ...process.env, CORS_DOCTOR_BUILD: build } : process.env,
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`vite build failed; the test needs ${distPath}`);
}

export type PageFetchResult =
  | { readonly ok: true; readonly status: number; readonly type: string }
  | { readonly ok: false; readonly error: string };

/**
 * A scenario's request made with fetch() in the page (same URL, method, headers, body,
 * credentials, mode and redirect mode as the runner). Self-contained: it is serialized into the
 * page by puppeteer's and Playwright's evaluate().
 */
export async function pageFetch(r: ReturnType<typeof runnerRequest>): Promise<PageFetchResult> {
  const headers = new Headers();
  for (const [name, value] of r.headers) headers.append(name as string, value as string);
  const init: RequestInit = {
    method: r.method,
    headers,
    credentials: r.credentials as RequestCredentials,
    mode: r.mode as RequestMode,
    redirect: r.redirect as RequestRedirect,
  };
  if (r.body !== null) init.body = r.body;
  try {
    const response = await fetch(r.url, init);
    return { ok: true as const, status: response.status, type: response.type };
  } catch (error) {
    return { ok: false as const, error: String(error) };
  }
}

/** Makes a scenario's request from the page loaded in `page`, in Chromium or Firefox. */
export async function fetchFromPage(page: Page, request: ReturnType<typeof runnerRequest>): Promise<PageFetchResult> {
  return await page.evaluate(pageFetch, request);
}

const DEVTOOLS_PAGE_SUFFIX = "/src/extension/devtools.html";
const PANEL_PAGE_SUFFIX = "/src/extension/panel.html";

/** Quiet flags that work as root (browser-facts.md §5.5) plus the lab's host names. */
export function chromiumLabArgs(): string[] {
  return [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-proxy-server",
    "--silent-debugger-extension-api",
    `--host-resolver-rules=${HOST_RESOLVER_RULES}`,
  ];
}

export interface LabBrowser {
  readonly browser: Browser;
  /** The inspected tab. */
  readonly page: Page;
  /** The DevTools window of that tab (the current one; throws while DevTools is closed). */
  readonly devtools: Page;
  readonly extensionId: string;
  /** `Chrome/156.0.8078.79` */
  readonly version: string;
  /** The extension's devtools page frame (full `chrome.devtools.*` access). */
  devtoolsFrame(): Frame;
  /** The CORS panel's frame, once the panel has been shown in the current DevTools window. */
  panelFrame(): Frame | undefined;
  /** `chrome.devtools.network.getHAR()` evaluated in the real extension's devtools page. */
  getHar(): Promise<HarLogLike>;
  /** Shows the extension's CORS panel and waits for its frame. */
  showPanel(): Promise<Frame>;
  /** Whether a DevTools window is open on the tab. */
  isDevToolsOpen(): boolean;
  /** Opens DevTools on the tab (if closed) and waits for the extension's devtools page. */
  openDevTools(): Promise<Page>;
  /** Closes the DevTools window (if open). */
  closeDevTools(): Promise<void>;
  /**
   * Stores a DevTools preference in the profile (`value` is the JSON text DevTools stores, e.g.
   * `'"dark"'`); DevTools reads it when it next opens.
   */
  setDevToolsPreference(name: string, value: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarLogLike {
  readonly version: string;
  readonly creator: unknown;
  readonly pages: readonly { readonly id: string; readonly [key: string]: unknown }[];
  readonly entries: readonly HarEntryLike[];
}

export interface HarEntryLike {
  readonly pageref?: string;
  readonly request: { readonly url: string; readonly method: string; readonly [key: string]: unknown };
  readonly response: { readonly status: number; readonly _error?: string | null; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface LaunchOptions {
  readonly headless: boolean;
  readonly distPath?: string;
  /** Viewport of the inspected tab (headless), default 1280x800. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Viewport of the DevTools window (headless), default the same as `viewport`. */
  readonly devtoolsViewport?: { readonly width: number; readonly height: number };
  /** More Chromium flags. */
  readonly extraArgs?: readonly string[];
  /**
   * DevTools preferences written into a fresh profile before launch, as DevTools stores them
   * (JSON text): e.g. `{ currentDockState: '"undocked"', "ui-theme": '"dark"' }`.
   */
  readonly devtoolsPreferences?: Readonly<Record<string, string>>;
  /** Open DevTools on the tab at launch (default true). */
  readonly openDevTools?: boolean;
}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fresh profile directory holding the given DevTools preferences. */
function profileWithDevToolsPreferences(preferences: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "cors-doctor-profile-"));
  mkdirSync(join(dir, "Default"));
  writeFileSync(join(dir, "Default", "Preferences"), JSON.stringify({ devtools: { preferences } }));
  return dir;
}

export async function launchLabBrowser(options: LaunchOptions): Promise<LabBrowser> {
  const distPath = options.distPath ?? DIST_PATH;
  if (!existsSync(join(distPath, "manifest.json"))) {
    throw new Error(`${distPath}/manifest.json not found: build the extension first (npx vite build)`);
  }
  const userDataDir = options.devtoolsPreferences ? profileWithDevToolsPreferences(options.devtoolsPreferences) : null;
  const removeProfile = () => {
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  };
  const viewport = options.viewport ?? { width: 1280, height: 800 };
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: options.headless,
      pipe: true,
      enableExtensions: true,
      args: [
        ...chromiumLabArgs(),
        ...(options.headless ? [] : ["--window-size=1400,950"]),
        ...(options.extraArgs ?? []),
      ],
      defaultViewport: options.headless ? viewport : null,
      ...(userDataDir ? { userDataDir } : {}),
    });
  } catch (error) {
    removeProfile();
    throw error;
  }
  const close = async () => {
    await browser.close();
    removeProfile();
  };
  try {
    const extensionId = await browser.installExtension(distPath);
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto("about:blank");
    let devtools: Page | null = null;

    const findFrame = (suffix: string) =>
      devtools
        ?.frames()
        .find((f) => f.url().startsWith(`chrome-extension://${extensionId}/`) && f.url().endsWith(suffix));
    const currentDevtools = (): Page => {
      if (!devtools) throw new Error("DevTools is not open");
      return devtools;
    };
    const devtoolsFrame = (): Frame => {
      const frame = findFrame(DEVTOOLS_PAGE_SUFFIX);
      if (!frame) throw new Error("the extension's devtools page is not loaded");
      return frame;
    };

    const openDevTools = async (): Promise<Page> => {
      if (devtools && !devtools.isClosed()) return devtools;
      const opened = await page.openDevTools();
      devtools = opened;
      if (options.headless && options.devtoolsViewport) await opened.setViewport(options.devtoolsViewport);
      // The extension's devtools page must be up before the inspected page makes requests
      // (browser-facts.md §0.5): DevTools only records from about then on.
      const frame = await waitFor("the extension's devtools page", 30_000, () => findFrame(DEVTOOLS_PAGE_SUFFIX));
      await waitFor("chrome.devtools.network in the devtools page", 10_000, async () =>
        (await frame.evaluate("typeof chrome.devtools?.network?.getHAR === 'function'")) ? true : undefined,
      );
      return opened;
    };

    const closeDevTools = async (): Promise<void> => {
      const closing = devtools;
      devtools = null;
      if (closing && !closing.isClosed()) await closing.close();
    };

    if (options.openDevTools ?? true) await openDevTools();
    const version = await browser.version();
    return {
      browser,
      page,
      get devtools() {
        return currentDevtools();
      },
      extensionId,
      version,
      devtoolsFrame,
      panelFrame: () => findFrame(PANEL_PAGE_SUFFIX),
      getHar: async () => (await devtoolsFrame().evaluate("chrome.devtools.network.getHAR()")) as HarLogLike,
      showPanel: async () => {
        // DevTools registers the panel a moment after the devtools page called panels.create(),
        // and showPanel() of a panel it does not know yet is a silent no-op: ask until it shows.
        const show = `DevToolsAPI.showPanel(${JSON.stringify(`chrome-extension://${extensionId}CORS`)})`;
        let asked = 0;
        return await waitFor("the CORS panel frame", 15_000, async () => {
          const frame = findFrame(PANEL_PAGE_SUFFIX);
          if (frame) return frame;
          if (Date.now() - asked > 500) {
            asked = Date.now();
            await currentDevtools().evaluate(show);
          }
          return undefined;
        });
      },
      isDevToolsOpen: () => devtools !== null && !devtools.isClosed(),
      openDevTools,
      closeDevTools,
      setDevToolsPreference: async (name, value) => {
        await currentDevtools().evaluate(
          `InspectorFrontendHost.setPreference(${JSON.stringify(name)}, ${JSON.stringify(value)})`,
        );
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
