/**
 * WebKit (Safari's engine) for the lab, through WebKitGTK: Debian's MiniBrowser under Xvfb with its
 * inspector's HTTP server on (`WEBKIT_INSPECTOR_HTTP_SERVER`), driven entirely over WebKit's own
 * inspector protocol (lab/webkit/inspector.ts): `Page.navigate`, `Runtime.evaluate`, and the
 * console and network events. This is WebKitGTK, close to Safari but not Safari.
 *
 * Why not WebKitWebDriver: the page a WebDriver session creates is not listed by the inspector's
 * HTTP server (not inspectable), so its console cannot be read; the window MiniBrowser opens itself
 * is, and the inspector can drive it alone.
 *
 * The lab's `*.test` host names reach 127.0.0.1 through the lab's host proxy (lab/host-proxy.ts,
 * MiniBrowser `--proxy`); `localhost` and `127.0.0.1` bypass it.
 *
 * xvfb-run, Xvfb and the browser's processes share one process group, ended by its id on close.
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { connectInspector, type Inspector, pageSocketPath } from "./inspector.js";

export const MINIBROWSER_PATH = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

const START_TIMEOUT_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WebKitBrowser {
  /** WebKitGTK's version (e.g. "2.50.6"). */
  readonly version: string;
  readonly inspector: Inspector;
  /** Starts a navigation (it does not wait for the page: poll with `evaluate`). */
  navigate(url: string): Promise<void>;
  /** Evaluates an expression in the page and returns its value (JSON-serializable values only). */
  evaluate(expression: string, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

export interface WebKitLaunchOptions {
  /** The lab's host proxy port (lab/host-proxy.ts). */
  readonly proxyPort: number;
  readonly log?: (message: string) => void;
}

/** Whether this machine can run it (Debian: libwebkit2gtk-4.1-0, xvfb, xauth). */
export function webkitAvailable(): boolean {
  return existsSync(MINIBROWSER_PATH) && existsSync("/usr/bin/xvfb-run") && existsSync("/usr/bin/xauth");
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Ends the process group we started, by its id (TERM, then KILL if it lingers). */
async function endGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 3_000).unref());
  if ((await Promise.race([exited, timer])) === "late") {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
  }
}

/** The installed WebKitGTK's version, from dpkg (`2.50.6-1~deb12u2` gives "2.50.6"). */
function webkitVersion(): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const result = spawnSync("dpkg-query", ["-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"], {
    encoding: "utf8",
    timeout: 5_000,
  });
  return /^(?:\d+:)?([\d.]+)/.exec(result.stdout ?? "")?.[1] ?? "";
}

export async function launchWebKit(options: WebKitLaunchOptions): Promise<WebKitBrowser> {
  const log = options.log ?? (() => {});
  const version = webkitVersion();
  const httpPort = await freePort();
  const child = spawn(
    "xvfb-run",
    [
      "-a",
      MINIBROWSER_PATH,
      `--proxy=http://127.0.0.1:${options.proxyPort}`,
      // One host per option (MiniBrowser reads a list of them).
      "--ignore-host=localhost",
      "--ignore-host=127.0.0.1",
      "about:blank",
    ],
    { detached: true, stdio: "ignore", env: { ...process.env, WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${httpPort}` } },
  );
  let inspector: Inspector | null = null;
  const close = async () => {
    inspector?.close();
    await endGroup(child);
  };
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let socketPath: string | null = null;
    while (socketPath === null) {
      if (Date.now() > deadline) throw new Error(`MiniBrowser did not list its page in ${START_TIMEOUT_MS} ms`);
      if (child.exitCode !== null) throw new Error(`MiniBrowser exited (${child.exitCode})`);
      await sleep(100);
      socketPath = await pageSocketPath(httpPort).catch(() => null);
    }
    const connected = await connectInspector(httpPort, socketPath);
    inspector = connected;
    log(`WebKitGTK ${version} (MiniBrowser), inspector on ${httpPort}, host proxy on ${options.proxyPort}`);
    return {
      version,
      inspector: connected,
      navigate: async (url) => {
        await connected.send("Page.navigate", { url });
      },
      evaluate: async (expression, timeoutMs) => {
        const params = { expression, returnByValue: true };
        const answer = (await connected.send("Runtime.evaluate", params, timeoutMs)) as {
          result?: { value?: unknown };
          wasThrown?: boolean;
        };
        if (answer.wasThrown) throw new Error(`evaluate threw: ${JSON.stringify(answer.result)}`);
        return answer.result?.value;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
