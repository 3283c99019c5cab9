/**
 * Launching Debian's Chromium for the lab: the built extension installed, DevTools open on a tab,
 * the extension's devtools page loaded, the CORS panel shown (browser-facts.md §5.5-5.9).
 * Never downloads a browser: puppeteer-core with /usr/bin/chromium only.
 */

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser, type Frame, type Page } from "puppeteer-core";
import { HOST_RESOLVER_RULES } from "./scenario.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_PATH = join(REPO_ROOT, "dist");

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
  /** The DevTools window of that tab. */
  readonly devtools: Page;
  readonly extensionId: string;
  /** `Chrome/156.0.8078.79` */
  readonly version: string;
  /** The extension's devtools page frame (full `chrome.devtools.*` access). */
  devtoolsFrame(): Frame;
  /** `chrome.devtools.network.getHAR()` evaluated in the real extension's devtools page. */
  getHar(): Promise<HarLogLike>;
  /** Shows the extension's CORS panel and waits for its frame. */
  showPanel(): Promise<Frame>;
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
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function launchLabBrowser(options: LaunchOptions): Promise<LabBrowser> {
  const distPath = options.distPath ?? DIST_PATH;
  if (!existsSync(join(distPath, "manifest.json"))) {
    throw new Error(`${distPath}/manifest.json not found: build the extension first (npx vite build)`);
  }
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: options.headless,
    pipe: true,
    enableExtensions: true,
    args: [...chromiumLabArgs(), ...(options.headless ? [] : ["--window-size=1400,950"])],
    defaultViewport: options.headless ? (options.viewport ?? { width: 1280, height: 800 }) : null,
  });
  try {
    const extensionId = await browser.installExtension(distPath);
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto("about:blank");
    const devtools = await page.openDevTools();
    // The extension's devtools page must be up before the inspected page makes requests
    // (browser-facts.md §0.5): DevTools only records from about then on.
    const findFrame = (suffix: string) =>
      devtools
        .frames()
        .find((f) => f.url().startsWith(`chrome-extension://${extensionId}/`) && f.url().endsWith(suffix));
    const frame = await waitFor("the extension's devtools page", 30_000, () => findFrame(DEVTOOLS_PAGE_SUFFIX));
    await waitFor("chrome.devtools.network in the devtools page", 10_000, async () =>
      (await frame.evaluate("typeof chrome.devtools?.network?.getHAR === 'function'")) ? true : undefined,
    );
    const version = await browser.version();
    return {
      browser,
      page,
      devtools,
      extensionId,
      version,
      devtoolsFrame: () => findFrame(DEVTOOLS_PAGE_SUFFIX) ?? frame,
      getHar: async () =>
        (await (findFrame(DEVTOOLS_PAGE_SUFFIX) ?? frame).evaluate("chrome.devtools.network.getHAR()")) as HarLogLike,
      showPanel: async () => {
        await devtools.evaluate(`DevToolsAPI.showPanel(${JSON.stringify(`chrome-extension://${extensionId}CORS`)})`);
        return await waitFor("the CORS panel frame", 15_000, () => findFrame(PANEL_PAGE_SUFFIX));
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
