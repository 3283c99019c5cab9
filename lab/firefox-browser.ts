/**
 * Debian's Firefox ESR, headless, for recording Firefox's truth: one tab for the lab's runner pages
 * and a window on Firefox's console service (nsIConsoleService), where Firefox's CORS lines go.
 *
 * Puppeteer drives the tab over WebDriver BiDi. BiDi's `log.entryAdded` does not carry Firefox's
 * CORS lines (they are nsIScriptError messages with no window), so the recorder reads them from
 * the console service itself, through BiDi's chrome scope (`--remote-allow-system-access`,
 * Firefox 138+): `Services.console.getMessageArray()`, where each CORS line's `category` is its
 * `security.properties` key (e.g. `CORSMissingAllowOrigin2`). No geckodriver, no add-on.
 */

import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { LAB_HOSTS } from "./scenario.js";

export const FIREFOX_PATH = "/usr/bin/firefox-esr";

/** One message of Firefox's console service. */
export interface FirefoxConsoleMessage {
  /** The text as the web console shows it (nsIScriptError.errorMessage), verbatim. */
  readonly text: string;
  /** nsIScriptError.category: for CORS lines the `security.properties` key; null for plain messages. */
  readonly category: string | null;
  /** nsIScriptError's warning flag (CORSAllowHeaderFromPreflightDeprecation is a warning). */
  readonly warning: boolean;
}

export interface FirefoxTruthBrowser {
  readonly browser: Browser;
  readonly page: Page;
  /** `153.8.0` */
  readonly version: string;
  readonly userAgent: string;
  /** Console-service messages whose text contains `needle`, oldest first. */
  consoleMessages(needle: string): Promise<FirefoxConsoleMessage[]>;
  /** Empties the console service, so a long recording does not search an ever longer list. */
  clearConsole(): Promise<void>;
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

/** Prefs for the lab: its host names resolve to 127.0.0.1 (Chromium: --host-resolver-rules), no HTTPS upgrade. */
export const FIREFOX_LAB_PREFS: Readonly<Record<string, unknown>> = {
  "network.dns.localDomains": LAB_HOSTS.join(","),
  "dom.security.https_first": false,
  "dom.security.https_first_schemeless": false,
};

export async function launchFirefoxTruthBrowser(
  options: { readonly executablePath?: string } = {},
): Promise<FirefoxTruthBrowser> {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: options.executablePath ?? FIREFOX_PATH,
    headless: true,
    args: ["--remote-allow-system-access"],
    protocolTimeout: 60_000,
    extraPrefsFirefox: { ...FIREFOX_LAB_PREFS },
  });
  try {
    const connection = (browser as unknown as { connection: BidiConnection }).connection;
    const tree = (await connection.send("browsingContext.getTree", { "moz:scope": "chrome" })).result as {
      contexts: { context: string; url: string }[];
    };
    const chromeWindow = tree.contexts.find((c) => c.url === "chrome://browser/content/browser.xhtml");
    if (!chromeWindow)
      throw new Error("Firefox: no browser window in the chrome scope (is --remote-allow-system-access honoured?)");

    /** Evaluates privileged code in the browser window; returns the JSON value it produced. */
    const privileged = async <T>(body: string): Promise<T> => {
      const response = (await connection.send("script.evaluate", {
        expression: `(async () => JSON.stringify((await (async () => { ${body} })()) ?? null))()`,
        target: { context: chromeWindow.context },
        awaitPromise: true,
      })) as { result: EvaluateResult };
      const evaluated = response.result;
      if (evaluated.type === "exception") {
        throw new Error(`Firefox (chrome scope): ${evaluated.exceptionDetails?.text ?? "exception"}`);
      }
      return JSON.parse(String(evaluated.result?.value)) as T;
    };

    const page = (await browser.pages())[0] ?? (await browser.newPage());
    const version = (await browser.version()).replace(/^firefox\//, "");
    const userAgent = await browser.userAgent();
    return {
      browser,
      page,
      version,
      userAgent,
      consoleMessages: (needle) =>
        privileged<FirefoxConsoleMessage[]>(`
          const needle = ${JSON.stringify(needle)};
          return Services.console.getMessageArray()
            .filter((m) => (m.message ?? "").includes(needle))
            .map((m) => {
              if (m instanceof Ci.nsIScriptError) {
                return { text: m.errorMessage, category: m.category || null, warning: (m.flags & Ci.nsIScriptError.warningFlag) !== 0 };
              }
              return { text: m.message, category: null, warning: false };
            });
        `),
      clearConsole: async () => {
        await privileged<null>("Services.console.reset(); return null;");
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
