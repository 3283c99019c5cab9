/**
 * The README's table "Where the browsers differ — what CORS Doctor knows", generated from the
 * engine's rules (src/engine/browsers/rules.ts) and their words, so the two cannot drift:
 * `npm run readme:browsers` rewrites it, `-- --check` (and test/explain/browser-table.test.ts)
 * fails when they differ.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  BROWSER_DIFFERENCE_CODES,
  BROWSER_UNKNOWN_CODES,
  DIFFERENCE_RULES,
  UNKNOWN_SCENARIOS,
} from "../src/engine/browsers/index.js";
import { BROWSER_DIFFERENCE_TEXT, BROWSER_UNKNOWN_TEXT } from "../src/explain/browser-texts.js";

export const README_PATH = join(import.meta.dirname, "../README.md");
const START =
  "<!-- browsers:table:start — generated from src/engine/browsers/rules.ts by `npm run readme:browsers`; do not edit -->";
const END = "<!-- browsers:table:end -->";

const NAME = { firefox: "Firefox", webkit: "Safari" } as const;

const cell = (text: string) => text.replaceAll("|", "\\|");
const scenarios = (ids: readonly string[]) => ids.map((id) => `\`${id}\``).join(", ");

export function renderBrowserTable(): string {
  const rows = [
    "| Where they differ | Browsers | Changes the verdict | Shown by (lab scenario) |",
    "|---|---|---|---|",
  ];
  for (const code of BROWSER_DIFFERENCE_CODES) {
    const rule = DIFFERENCE_RULES[code];
    const text = BROWSER_DIFFERENCE_TEXT[code];
    rows.push(
      `| **${cell(text.title)}** (\`${code}\`): ${cell(text.text)} | ${rule.engines.map((e) => NAME[e]).join(", ")} | ${rule.changesVerdict ? "yes" : "no, the message"} | ${scenarios(rule.scenarios)} |`,
    );
  }
  for (const code of BROWSER_UNKNOWN_CODES) {
    const ids = UNKNOWN_SCENARIOS[code];
    if (!ids) continue;
    rows.push(
      `| Answered \`unknown\` (\`${code}\`): ${cell(BROWSER_UNKNOWN_TEXT[code])} | Firefox, Safari | unknown | ${scenarios(ids)} |`,
    );
  }
  return rows.join("\n");
}

/** `readme` with the text between the markers replaced by the table. */
export function withBrowserTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no browser table markers (${START} … ${END})`);
  return `${readme.slice(0, start + START.length)}\n${renderBrowserTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const readme = readFileSync(README_PATH, "utf8");
  const updated = withBrowserTable(readme);
  if (process.argv.includes("--check")) {
    if (updated !== readme) {
      process.stderr.write("README.md's browser table is out of date: run `npm run readme:browsers`\n");
      process.exit(1);
    }
  } else if (updated !== readme) writeFileSync(README_PATH, updated);
}
