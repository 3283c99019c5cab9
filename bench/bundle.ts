/**
 * Bundle size: what each extension page loads, JS + CSS, gzip level 9 (node:zlib), KB = 1024 bytes.
 * Sizes are deterministic (the same source, the same bytes), so they are measured once, not over runs.
 * The bench builds the extension itself (`vite build` into a temporary directory), so it always
 * measures the current source and never touches dist/. `CORS_DOCTOR_BENCH_DIST=dist` measures an
 * existing build instead (e.g. after `npm run build`).
 *
 * Files are found the way the browser finds them: the page's script and stylesheet tags, then each
 * chunk's static `import` statements ("initial": loaded before the page runs), then its dynamic
 * `import()`s and vite's preload lists ("total": everything the page can load later). The panel's
 * on-demand parts are also measured by name: the detail view (the diagnosis in words) and what it
 * loads when it opens (the fix suggestions and the curl commands).
 *
 * `tsx bench/bundle.ts [dir]` lists every file of a build (default dist/) with its size.
 */

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { BenchResult } from "./results.js";

const REPO_ROOT = join(import.meta.dirname, "..");
/** The panel page: vite.config.ts's extra input, opened by chrome.devtools.panels.create. */
const PANEL_HTML = "src/extension/panel.html";
const GZIP_LEVEL = 9;
const TARGET = "≤ 50 KB";

const STATIC_IMPORT = /(?:^|[;})\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'`]([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;
/** Vite lists a dynamic chunk's dependencies (JS and CSS) as root-relative paths, for preloading. */
const PRELOAD_DEP = /["'`]((?:\.{0,2}\/)?assets\/[^"'`]+\.(?:js|css))["'`]/g;

/** The files one page loads, as paths relative to the build's root. */
export interface PageFiles {
  /** Loaded before the page runs: its tags and their static imports. */
  readonly initial: ReadonlySet<string>;
  /** Initial plus everything reachable through dynamic imports. */
  readonly total: ReadonlySet<string>;
}

/** Resolves a URL found in `from` (a root-relative file) to a root-relative path. */
function resolveUrl(from: string, url: string): string {
  if (url.startsWith("/")) return url.slice(1);
  if (url.startsWith("assets/")) return url;
  return posix.normalize(posix.join(posix.dirname(from), url));
}

function htmlEntries(root: string, htmlPath: string): string[] {
  const html = readFileSync(join(root, htmlPath), "utf8");
  const urls = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string),
    ...[...html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g)].map(
      (m) => m[1] as string,
    ),
  ];
  if (urls.length === 0) throw new Error(`${htmlPath} loads no script or stylesheet`);
  return urls.map((url) => resolveUrl(htmlPath, url));
}

/** `entries` and everything they import statically; dynamic imports are added to `lazy`. */
export function staticClosure(root: string, entries: readonly string[], lazy: string[] = []): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    if (!existsSync(join(root, file))) throw new Error(`${file} is referenced but missing from ${root}`);
    seen.add(file);
    if (!file.endsWith(".js")) return;
    const text = readFileSync(join(root, file), "utf8");
    for (const m of text.matchAll(STATIC_IMPORT)) walk(resolveUrl(file, m[1] as string));
    for (const m of text.matchAll(DYNAMIC_IMPORT)) lazy.push(resolveUrl(file, m[1] as string));
    for (const m of text.matchAll(PRELOAD_DEP)) lazy.push(resolveUrl(file, m[1] as string));
  };
  for (const entry of entries) walk(entry);
  return seen;
}

export function pageFiles(root: string, entries: readonly string[]): PageFiles {
  const lazy: string[] = [];
  const initial = staticClosure(root, entries, lazy);
  const total = new Set(initial);
  const followed = new Set<string>();
  // Bounded: each file is followed once.
  for (let i = 0; i < lazy.length; i++) {
    const file = lazy[i] as string;
    if (followed.has(file)) continue;
    followed.add(file);
    for (const found of staticClosure(root, [file], lazy)) total.add(found);
  }
  return { initial, total };
}

/** The panel, devtools page and background worker of a built extension. */
export function extensionPages(root: string): { panel: PageFiles; devtools: PageFiles; background: PageFiles } {
  const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as {
    devtools_page: string;
    background: { service_worker?: string; scripts?: string[] };
  };
  const worker = manifest.background.service_worker ? [manifest.background.service_worker] : [];
  return {
    panel: pageFiles(root, htmlEntries(root, PANEL_HTML)),
    devtools: pageFiles(root, htmlEntries(root, manifest.devtools_page)),
    background: pageFiles(root, [...worker, ...(manifest.background.scripts ?? [])]),
  };
}

/** The chunk vite emitted for one on-demand module, e.g. `detail-view` → assets/detail-view-AbC123.js. */
export function chunkOf(root: string, moduleName: string): string {
  const pattern = new RegExp(`^${moduleName}-[\\w-]{8}\\.js$`);
  const found = readdirSync(join(root, "assets")).filter((file) => pattern.test(file));
  if (found.length !== 1) {
    throw new Error(`expected one chunk for ${moduleName} in ${root}/assets, found ${found.length}: is it still lazy?`);
  }
  return `assets/${found[0]}`;
}

export function gzipBytes(root: string, files: Iterable<string>): number {
  let sum = 0;
  for (const file of files) sum += gzipSync(readFileSync(join(root, file)), { level: GZIP_LEVEL }).length;
  return sum;
}

function rawBytes(root: string, files: Iterable<string>): number {
  let sum = 0;
  for (const file of files) sum += readFileSync(join(root, file)).length;
  return sum;
}

/** Builds the product extension (not e2e or Firefox) into `outDir` with vite, in its own process. */
export function buildExtension(outDir: string, extraArgs: readonly string[] = []): void {
  const vite = join(REPO_ROOT, "node_modules/vite/bin/vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--outDir", outDir, "--logLevel", "error", ...extraArgs], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CORS_DOCTOR_BUILD: "" },
    timeout: 300_000,
  });
  if (result.status !== 0) throw new Error(`vite build failed (${result.error?.message ?? `exit ${result.status}`})`);
}

function build(): { root: string; cleanup: () => void } {
  const given = process.env.CORS_DOCTOR_BENCH_DIST;
  if (given) {
    const root = resolvePath(REPO_ROOT, given);
    if (!existsSync(join(root, "manifest.json"))) throw new Error(`${root} has no manifest.json: run npm run build`);
    return { root, cleanup: () => {} };
  }
  const root = mkdtempSync(join(tmpdir(), "cors-doctor-bundle-"));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    buildExtension(root);
  } catch (error) {
    cleanup();
    throw error;
  }
  return { root, cleanup };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function benchBundle(): Promise<BenchResult[]> {
  const { root, cleanup } = build();
  try {
    const { panel, devtools, background } = extensionPages(root);
    const withParts = (base: ReadonlySet<string>, parts: readonly string[]) =>
      new Set([
        ...base,
        ...staticClosure(
          root,
          parts.map((part) => chunkOf(root, part)),
        ),
      ]);
    const firstDiagnosis = withParts(panel.initial, ["detail-view"]);
    const detailComplete = withParts(firstDiagnosis, ["fix-area", "copy-area"]);
    const measured = (files: ReadonlySet<string>, what: string) =>
      `gzip -${GZIP_LEVEL}, ${files.size} files, ${kb(rawBytes(root, files))} KB raw: ${what}`;
    const result = (name: string, files: ReadonlySet<string>, what: string, target?: string): BenchResult => ({
      name: `bundle: ${name}`,
      value: kb(gzipBytes(root, files)),
      unit: "KB",
      // The same source gives the same bytes: one build, measured once.
      spread: { kind: "deterministic" },
      reference: measured(files, what),
      ...(target ? { target } : {}),
    });
    return [
      result("panel initial (JS+CSS, gzip)", panel.initial, `${PANEL_HTML} and its static imports`, TARGET),
      result(
        "panel list + first diagnosis (gzip)",
        firstDiagnosis,
        "initial + the detail view chunk (the words; fetched when the panel is idle)",
        TARGET,
      ),
      result("panel detail view complete (gzip)", detailComplete, "+ fix suggestions and curl, loaded when it opens"),
      result(
        "panel total incl. lazy chunks (gzip)",
        panel.total,
        `${panel.total.size - panel.initial.size} files loaded on demand`,
      ),
      result("devtools page (gzip)", devtools.total, "the devtools_page"),
      result("background worker (gzip)", background.total, "the service worker"),
    ];
  } finally {
    cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolvePath(REPO_ROOT, process.argv[2] ?? "dist");
  for (const [name, page] of Object.entries(extensionPages(root))) {
    console.log(name);
    for (const file of page.total) {
      const when = page.initial.has(file) ? "initial" : "lazy   ";
      console.log(`  ${when} ${String(kb(gzipBytes(root, [file]))).padStart(6)} KB gzip  ${file}`);
    }
  }
}
