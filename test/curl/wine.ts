/**
 * Real cmd.exe under Wine for the cmd quoting tests. Wine runs headless; its cmd reads a CRLF file
 * on stdin (`wine cmd /q < file`; given as an argument Wine would re-quote the line), and a fake
 * `curl.exe`, a shell script Wine starts as a Unix program, writes its argv NUL-separated.
 * One prefix per checkout under the temp directory is kept between runs (creating one takes
 * ~30 s and ~700 MB), and a persistent wineserver (`wineserver -p`, ended with `wineserver -k`
 * after the suite) keeps a call ~0.3 s on an idle machine.
 *
 * Missing `wine` (Debian packages wine, wine64): the suite is gated by describeNeeding("cmd-quoting")
 * (test/system-deps.ts): skipped with the install command, or failing under CI=true.
 */

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// One prefix per checkout, kept between runs: `wineserver -k` after one checkout's run must not
// end another's session.
const checkout = createHash("sha256")
  .update(import.meta.dirname)
  .digest("hex")
  .slice(0, 12);
const prefix = join(tmpdir(), `cors-doctor-wine-${checkout}`);
// Per process: runs share the prefix, and a stale cmd session must not write into another's files.
const stubName = `cors-doctor-stub-${process.pid}`;
const stubDir = join(prefix, "drive_c", stubName);
const argvDir = join(tmpdir(), `cors-doctor-wine-argv-${process.pid}`);
const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: "-all", WINEDLLOVERRIDES: "mscoree,mshtml=" };

/** Creates the prefix if needed, starts a persistent wineserver and installs the fake curl.exe. */
export function startWine(): void {
  if (!existsSync(join(prefix, "system.reg"))) {
    // Output to a file, never a pipe: the services Wine starts keep a pipe open after cmd ends.
    const init = spawnSync("sh", ["-c", "wine cmd /c exit >/dev/null 2>&1"], { env, timeout: 180_000 });
    if (init.status !== 0) throw new Error(`wine could not create its prefix in ${prefix}`);
    // The prefix's first boot goes on in the background; wait for it to settle.
    spawnSync("wineserver", ["-w"], { env, timeout: 120_000 });
  }
  spawn("wineserver", ["-p"], { env, detached: true, stdio: "ignore" }).unref();
  mkdirSync(stubDir, { recursive: true });
  mkdirSync(argvDir, { recursive: true });
  // Named by CALL when the test sets it, else by its process id; written whole, then renamed.
  writeFileSync(
    join(stubDir, "curl.exe"),
    `#!/bin/sh\nname=\${CALL:-seq.$$}\nprintf '%s\\0' "$@" > '${argvDir}/tmp.'"$name"\nmv '${argvDir}/tmp.'"$name" '${argvDir}/argv.'"$name"\n`,
  );
  chmodSync(join(stubDir, "curl.exe"), 0o755);
}

/** Ends this prefix's wineserver and the services it started, and removes the argv files. */
export function stopWine(): void {
  spawnSync("wineserver", ["-k"], { env, timeout: 30_000 });
  rmSync(argvDir, { recursive: true, force: true });
  rmSync(stubDir, { recursive: true, force: true });
}

/**
 * Runs the commands in one cmd session, each after `set CALL=<its index>`, and returns the argv
 * the fake curl.exe received for each (null when it was not called). `\n` becomes CRLF.
 */
export function argvInCmd(commands: readonly string[]): (string[] | null)[] {
  const lines = [`set PATH=C:\\${stubName};%PATH%`];
  commands.forEach((command, index) => {
    lines.push(`set CALL=${index}`, command);
  });
  runInCmd(lines.join("\n"));
  waitForCalls(commands.length);
  return commands.map((_, index) => {
    const file = join(argvDir, `argv.${index}`);
    if (!existsSync(file)) return null;
    const argv = readFileSync(file).toString("utf8");
    rmSync(file);
    return argv.slice(0, -1).split("\0");
  });
}

/** Runs `script` (lines joined by `\n`, sent as CRLF) in one cmd session; returns cmd's output. */
function runInCmd(script: string): string {
  const input = join(argvDir, "input.cmd");
  writeFileSync(input, `${script.replaceAll("\n", "\r\n")}\r\nexit\r\n`);
  const output = join(argvDir, "output.txt");
  const result = spawnSync("sh", ["-c", `exec wine cmd /q < '${input}' > '${output}' 2>&1`], {
    env,
    timeout: 150_000,
  });
  if (result.error) {
    // Nothing of this session may go on running: end the prefix's wineserver and its processes.
    spawnSync("wineserver", ["-k"], { env, timeout: 30_000 });
    throw result.error;
  }
  return readFileSync(output, "utf8");
}

/**
 * Wine's cmd does not wait for a Unix program it starts, so the fake curl.exe may still be writing
 * when cmd ends: wait (at most 30 s) until `count` calls are recorded.
 */
function waitForCalls(count: number): void {
  const deadline = Date.now() + 30_000;
  const recorded = () => readdirSync(argvDir).filter((file) => file.startsWith("argv.")).length;
  while (recorded() < count && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/**
 * Runs a whole script (the CLI's output, say) in cmd, expecting `expectedCalls` curl calls;
 * returns the argv of each call recorded, in no particular order (cmd does not wait for them).
 */
export function curlCallsInCmd(script: string, expectedCalls: number): { calls: string[][]; output: string } {
  const output = runInCmd(`set PATH=C:\\${stubName};%PATH%\nset CALL=\n${script}`);
  waitForCalls(expectedCalls);
  const calls = readdirSync(argvDir)
    .filter((file) => file.startsWith("argv.seq."))
    .map((file) => {
      const argv = readFileSync(join(argvDir, file), "utf8").slice(0, -1).split("\0");
      rmSync(join(argvDir, file));
      return argv;
    });
  return { calls, output };
}
