/**
 * Runs a generated fix on a real server. Each stack's runner embeds the snippet, exactly as a user
 * would paste it, into a minimal app: a typical authentication layer (non-GET requests need an
 * Authorization header, so an unanswered preflight gets 401) and the case's route, which answers
 * 200 or fails with 500.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StackId } from "../../../src/fixes/registry.js";

export interface RunOptions {
  readonly snippet: string;
  readonly port: number;
  /** The request paths of the case or session: the route answers each of them, exactly. */
  readonly paths: readonly string[];
  readonly route: "ok" | "fail";
  readonly workDir: string;
}

/** What the browser sends and the status it must read, for one verification case. */
export interface CaseRequest {
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers: ReadonlyArray<readonly [string, string]>;
    readonly credentials: "omit" | "same-origin" | "include";
    readonly body: string | null;
  };
  readonly route: "ok" | "fail";
  readonly expectStatus: number;
}

export interface StackRunner {
  readonly stack: StackId;
  /**
   * An emulator stands in for a cloud service that cannot run here: labelled so in the product
   * (VERIFIED_STACKS says "emulator"), and the runner says what it cannot emulate.
   */
  readonly emulator?: true;
  /** Null when this machine can run the stack, else why not. */
  unavailable(): string | null;
  /** Per-case test timeout, for servers slower to start than the project's 180 s allow. */
  readonly timeoutMs?: number;
  /**
   * The case as this service can receive it, when it differs from an application's (e.g. object
   * storage has no handler that throws); each runner says why. Default: the case unchanged.
   */
  adaptCase?(testCase: CaseRequest): CaseRequest;
  start(options: RunOptions): Promise<RunningServer>;
}

export interface RunningServer {
  readonly logs: () => string;
  close(): Promise<void>;
}

export function makeWorkDir(stack: string): string {
  return mkdtempSync(join(tmpdir(), `cors-doctor-fix-${stack}-`));
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Replaces the snippet's "your existing configuration" line with `replacement` (same indentation). */
export function replaceMarker(snippet: string, replacement: string): string {
  const lines = snippet.split("\n");
  const index = lines.findIndex((line) => line.includes("your existing configuration"));
  if (index === -1) throw new Error("the snippet has no 'your existing configuration' line");
  const indent = /^\s*/.exec(lines[index] as string)?.[0] ?? "";
  lines.splice(index, 1, ...replacement.split("\n").map((l) => `${indent}${l}`));
  return lines.join("\n");
}

/** Spawns a server process and waits (bounded) until its port accepts connections. */
export async function spawnServer(
  command: string,
  args: readonly string[],
  port: number,
  env: NodeJS.ProcessEnv = {},
  cwd?: string,
  startupMs = 20_000,
): Promise<RunningServer> {
  let output = "";
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env },
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + startupMs;
  for (;;) {
    if (await portOpen(port)) break;
    const code = await Promise.race([
      exited,
      new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 100)),
    ]);
    if (code !== "running") throw new Error(`${command} exited (${code}) before listening on ${port}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${command} did not listen on ${port} within ${startupMs / 1000} s:\n${output}`);
    }
  }
  return {
    logs: () => output,
    async close() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killed = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
        ]);
        if (!killed) child.kill("SIGKILL");
      }
    },
  };
}

/**
 * Requests `url` once as a preflight and once as a GET (bounded, 120 s each), for servers that
 * compile routes on first use; the answers do not matter, only that they came.
 */
export async function warmUp(url: string, server: RunningServer): Promise<void> {
  const requests: RequestInit[] = [
    { method: "OPTIONS", headers: { Origin: "http://warm-up.test", "Access-Control-Request-Method": "PUT" } },
    { method: "GET", headers: { Origin: "http://warm-up.test" } },
  ];
  for (const init of requests) {
    try {
      await (await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) })).arrayBuffer();
    } catch (error) {
      await server.close();
      throw new Error(`warming up ${url} failed: ${String(error)}\n${server.logs()}`);
    }
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
