/**
 * `npm run package`: the store uploads, from builds already made (the npm script builds first).
 *
 * - artifacts/cors-doctor-chrome-<version>.zip   dist/ for the Chrome Web Store
 * - artifacts/cors-doctor-firefox-<version>.zip  dist-firefox/ for addons.mozilla.org
 * - artifacts/cors-doctor-source-<version>.zip   the committed source (git archive of HEAD):
 *   AMO asks for the source of any add-on whose files were bundled or minified, with build
 *   instructions (README "Firefox"), so a reviewer can rebuild dist-firefox/ and compare.
 *
 * Both extension zips are made by web-ext build (manifest.json at the zip's root, dot-files left
 * out). Every step is bounded and any failure ends the script with one line and exit code 1.
 */

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const ARTIFACTS = join(ROOT, "artifacts");
const TIMEOUT_MS = 120_000;

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", timeout: TIMEOUT_MS });
  if (result.error) fail(`${command} failed: ${result.error.message}`);
  if (result.status !== 0)
    fail(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function manifestVersion(dir: string): string {
  const path = join(ROOT, dir, "manifest.json");
  if (!existsSync(path)) fail(`${dir}/ has no build; run \`npm run build\` and \`npm run build:firefox\` first`);
  const version = (JSON.parse(readFileSync(path, "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string") fail(`${dir}/manifest.json has no version`);
  return version;
}

const version = manifestVersion(".");
mkdirSync(ARTIFACTS, { recursive: true });
const webExt = join(ROOT, "node_modules", ".bin", "web-ext");
const made: string[] = [];

for (const [browser, dir] of [
  ["chrome", "dist"],
  ["firefox", "dist-firefox"],
] as const) {
  const built = manifestVersion(dir);
  if (built !== version) fail(`${dir}/ was built from version ${built}, manifest.json says ${version}; rebuild it`);
  const filename = `cors-doctor-${browser}-${version}.zip`;
  run(webExt, [
    "build",
    "--source-dir",
    join(ROOT, dir),
    "--artifacts-dir",
    ARTIFACTS,
    "--filename",
    filename,
    "--overwrite-dest",
    "--no-config-discovery",
    "--no-input",
  ]);
  made.push(join(ARTIFACTS, filename));
}

const source = join(ARTIFACTS, `cors-doctor-source-${version}.zip`);
run("git", ["archive", "--format=zip", `--prefix=cors-doctor-${version}/`, "-o", source, "HEAD"]);
made.push(source);
if (run("git", ["status", "--porcelain", "--untracked-files=no"]).trim() !== "") {
  console.warn("package: the work tree has uncommitted changes; the source zip holds HEAD, not them");
}

for (const file of made) console.log(`${relative(ROOT, file)}  ${(statSync(file).size / 1024).toFixed(1)} KiB`);
