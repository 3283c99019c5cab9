/**
 * Helpers for the Node.js runners: ES-module apps written into the work directory, and what the
 * proxy alternatives need (the API on its own, without CORS, and a runner shape for the page's
 * own server that carries the proxy).
 */

import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../../lab/browser.js";
import type { StackId } from "../../../src/fixes/registry.js";
import { type RunningServer, type RunOptions, spawnServer } from "./runner.js";

/**
 * Makes this project's node_modules resolvable from `workDir` (ES modules ignore NODE_PATH).
 * A symlink: removeWorkDir unlinks it without touching the target.
 */
export function linkNodeModules(workDir: string): void {
  const link = join(workDir, "node_modules");
  if (!existsSync(link)) symlinkSync(join(REPO_ROOT, "node_modules"), link, "dir");
}

/** Writes `source` as an ES module in `workDir` and runs it with this Node.js until `port` listens. */
export function spawnModule(workDir: string, name: string, source: string, port: number): Promise<RunningServer> {
  linkNodeModules(workDir);
  const file = join(workDir, name);
  writeFileSync(file, source);
  return spawnServer(process.execPath, [file], port, {}, workDir);
}

/**
 * The API as the lab serves it, with no CORS at all: the same authentication layer as the
 * runners (non-GET requests without Authorization get 401), then the case's route at each of its paths.
 */
export function startApiWithoutCors(options: {
  readonly port: number;
  readonly paths: readonly string[];
  readonly route: "ok" | "fail";
  readonly workDir: string;
}): Promise<RunningServer> {
  const { port, paths, route, workDir } = options;
  const source = `import { createServer } from "node:http";
const send = (res, status, body) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
createServer((req, res) => {
  req.resume();
  if (req.method !== "GET" && !req.headers.authorization) return send(res, 401, { error: "unauthorized" });
  if (!${JSON.stringify(paths)}.includes(new URL(req.url, "http://api").pathname)) return send(res, 404, { error: "not found" });
  ${route === "fail" ? 'send(res, 500, { error: "the handler failed" });' : "send(res, 200, { ok: true });"}
}).listen(${port}, "127.0.0.1");
`;
  return spawnModule(workDir, "api.mjs", source, port);
}

export interface AlternativeRunOptions extends RunOptions {
  /** The port of the API (started separately, without CORS); `port` is the page's own server. */
  readonly apiPort: number;
  /** The HTML of the replay page: the page's own server serves it at /replay. */
  readonly replayPage: string;
}

/**
 * Runs a proxy alternative: the page's own server (dev server or backend) with the fix applied,
 * serving the replay page and forwarding the proxied path to the API.
 */
export interface AlternativeRunner {
  readonly stack: StackId;
  unavailable(): string | null;
  start(options: AlternativeRunOptions): Promise<RunningServer>;
}
