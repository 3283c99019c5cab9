/**
 * Debian's Firefox ESR with the built Firefox add-on, for the smoke test and for recording Firefox
 * HAR fixtures: the add-on installed as a temporary add-on, the DevTools toolbox opened on the tab,
 * the CORS panel selected and its DOM readable. Never downloads a browser.
 *
 * Puppeteer drives Firefox over WebDriver BiDi, which sees only web content. Everything about the
 * toolbox and the add-on's own pages is reached through BiDi in Firefox's chrome scope
 * (`--remote-allow-system-access`, Firefox 138+):
 * - the add-on's loaded pages come from ExtensionParent (`devtools_page`, `devtools_panel`);
 * - the toolbox comes from gDevTools (its extension panels are "additional tools");
 * - the panel runs in the extension process, so its DOM is read by a JSWindowActor registered at
 *   run time from a module written to a temporary folder. The content sandbox is disabled
 *   (MOZ_DISABLE_CONTENT_SANDBOX) so that process may load it; nothing else changes.
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { LAB_HOSTS } from "../lab/scenario.js";

export const FIREFOX_PATH = "/usr/bin/firefox-esr";
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_FIREFOX_PATH = join(REPO_ROOT, "dist-firefox");

const ACTOR = "CorsDoctorPanelProbe";
const STEP_TIMEOUT_MS = 20_000;

/** Runs in the panel's process: reads the panel document, or calls getHAR() as the panel can. */
const PROBE_MODULE = `
export class ${ACTOR}Child extends JSWindowActorChild {
  async receiveMessage(message) {
    const doc = this.document;
    const text = (el) => (el?.textContent ?? "").replace(/\\s+/g, " ").trim();
    switch (message.name) {
      case "state":
        return {
          url: doc.location.href,
          testIds: [...doc.querySelectorAll("[data-testid]")].map((e) => e.getAttribute("data-testid")),
          counts: text(doc.querySelector('[data-testid="counts"]')),
          rows: [...doc.querySelectorAll('[data-testid="exchange-row"]')].map((r) => ({
            url: r.dataset.url ?? "",
            method: r.dataset.method ?? "",
            verdict: r.dataset.verdict ?? "",
            corsError: r.dataset.corsError ?? "",
            text: text(r),
          })),
        };
      case "getHAR": {
        const devtools = this.contentWindow.wrappedJSObject.chrome.devtools;
        return await new Promise((done) => devtools.network.getHAR((log) => done(JSON.stringify(log))));
      }
      default:
        return null;
    }
  }
}
`;

export interface PanelRow {
  readonly url: string;
  readonly method: string;
  readonly verdict: string;
  readonly corsError: string;
  readonly text: string;
}

export interface PanelState {
  readonly url: string;
  readonly testIds: readonly string[];
  readonly counts: string;
  readonly rows: readonly PanelRow[];
}

export interface ExtensionView {
  /** `background`, `devtools_page`, `devtools_panel`, ... */
  readonly type: string;
  readonly url: string;
}

export interface FirefoxLab {
  readonly browser: Browser;
  /** The inspected tab. */
  readonly page: Page;
  readonly addonId: string;
  /** `firefox/153.7.0` */
  readonly version: string;
  /** Whether Firefox reported warnings or errors while loading the add-on's manifest. */
  manifestProblems(): Promise<{ warnings: string[]; errors: string[] }>;
  /** The add-on's pages Firefox has loaded. */
  views(): Promise<ExtensionView[]>;
  /** Opens the toolbox on the tab and waits for the add-on's panel tab; returns the panel tabs' labels. */
  openToolbox(): Promise<string[]>;
  /** Selects the CORS panel and waits until its page has rendered. */
  showPanel(): Promise<PanelState>;
  /** The panel's DOM as the tests read it. */
  panelState(): Promise<PanelState>;
  /** `chrome.devtools.network.getHAR()` called from the panel's page. */
  getHar(): Promise<unknown>;
  close(): Promise<void>;
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  readonly type: "success" | "exception";
  readonly result?: { readonly type: string; readonly value?: unknown };
  readonly exceptionDetails?: { readonly text?: string };
}

export async function launchFirefoxLab(
  options: { readonly dist?: string; readonly executablePath?: string } = {},
): Promise<FirefoxLab> {
  const probeDir = mkdtempSync(join(tmpdir(), "cors-doctor-firefox-probe-"));
  writeFileSync(join(probeDir, "probe.sys.mjs"), PROBE_MODULE);
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: options.executablePath ?? FIREFOX_PATH,
    headless: true,
    args: ["--remote-allow-system-access"],
    env: { ...process.env, MOZ_DISABLE_CONTENT_SANDBOX: "1" },
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      // The lab's host names resolve to 127.0.0.1 (Chromium uses --host-resolver-rules).
      "network.dns.localDomains": LAB_HOSTS.join(","),
      "dom.security.https_first": false,
      "dom.security.https_first_schemeless": false,
      "devtools.toolbox.host": "bottom",
    },
  });
  try {
    const connection = (browser as unknown as { connection: BidiConnection }).connection;
    const addonId = await browser.installExtension(options.dist ?? DIST_FIREFOX_PATH);
    const tree = (await connection.send("browsingContext.getTree", { "moz:scope": "chrome" })).result as {
      contexts: { context: string; url: string }[];
    };
    const browserWindow = tree.contexts.find((c) => c.url === "chrome://browser/content/browser.xhtml");
    if (!browserWindow)
      throw new Error("Firefox: no browser window in the chrome scope (is --remote-allow-system-access honoured?)");
    const windowContext = browserWindow.context;
    const page = (await browser.pages())[0] ?? (await browser.newPage());

    /** Evaluates privileged code in the browser window; returns the JSON value it produced. */
    async function privileged<T>(body: string): Promise<T> {
      const expression = `(async () => {
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
        const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
        const { gDevTools } = require("devtools/client/framework/devtools");
        const addon = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(addonId)});
        const deadline = Date.now() + ${STEP_TIMEOUT_MS};
        const until = async (what, test) => {
          for (;;) {
            const value = await test();
            if (value) return value;
            if (Date.now() > deadline) throw new Error("timed out waiting for " + what);
            await sleep(100);
          }
        };
        const panelView = () => addon && [...addon.views].find((v) => v.viewType === "devtools_panel");
        const probe = async (name) => {
          const view = await until("the panel page", panelView);
          const actor = view.xulBrowser.browsingContext.currentWindowGlobal.getActor(${JSON.stringify(ACTOR)});
          return await Promise.race([
            actor.sendQuery(name),
            sleep(5000).then(() => { throw new Error("the panel did not answer " + name); }),
          ]);
        };
        const result = await (async () => { ${body} })();
        return JSON.stringify(result ?? null);
      })()`;
      const response = (await connection.send("script.evaluate", {
        expression,
        target: { context: windowContext },
        awaitPromise: true,
      })) as { result: EvaluateResult };
      const evaluated = response.result;
      if (evaluated.type === "exception") {
        throw new Error(`Firefox (chrome scope): ${evaluated.exceptionDetails?.text ?? "exception"}`);
      }
      return JSON.parse(String(evaluated.result?.value)) as T;
    }

    await privileged(`
      const handler = Services.io.getProtocolHandler("resource").QueryInterface(Ci.nsIResProtocolHandler);
      const dir = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
      dir.initWithPath(${JSON.stringify(probeDir)});
      handler.setSubstitution("corsdoctorprobe", Services.io.newFileURI(dir));
      ChromeUtils.registerWindowActor(${JSON.stringify(ACTOR)}, {
        child: { esModuleURI: "resource://corsdoctorprobe/probe.sys.mjs" },
        remoteTypes: ["extension"],
        matches: ["moz-extension://*/*"],
        allFrames: true,
      });
    `);

    const toolbox = `const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab);
      if (!toolbox) throw new Error("the toolbox is not open");
      const corsTool = () => toolbox.getAdditionalTools().find((t) => t.label === "CORS");`;

    return {
      browser,
      page,
      addonId,
      version: await browser.version(),
      manifestProblems: () =>
        privileged(`return { warnings: [...(addon?.warnings ?? [])], errors: [...(addon?.errors ?? [])] };`),
      views: () =>
        privileged(`return [...(addon?.views ?? [])].map((v) => ({ type: v.viewType, url: v.uri?.spec ?? "" }));`),
      openToolbox: () =>
        privileged(`
          const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: "webconsole" });
          await until("the add-on's devtools page", () => [...addon.views].some((v) => v.viewType === "devtools_page"));
          await until("the CORS panel tab", () => toolbox.getAdditionalTools().length > 0);
          return toolbox.getAdditionalTools().map((t) => t.label);
        `),
      showPanel: () =>
        privileged(`${toolbox}
          const tool = await until("the CORS panel tab", corsTool);
          await toolbox.selectTool(tool.id);
          return await until("the panel to render", async () => {
            try {
              const state = await probe("state");
              return state.testIds.includes("exchange-list") ? state : null;
            } catch {
              return null;
            }
          });
        `),
      panelState: () => privileged(`return await probe("state");`),
      getHar: async () => JSON.parse(await privileged<string>(`return await probe("getHAR");`)),
      async close() {
        await browser.close();
        rmSync(probeDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser.close();
    rmSync(probeDir, { recursive: true, force: true });
    throw error;
  }
}
