/** `truth:fuzz` command-line options: parsed and checked without side effects (testable). */

import { parseArgs } from "node:util";

/** `--engine firefox|webkit`'s default batch (two browsers run each scenario). */
export const OTHER_ENGINE_DEFAULT_COUNT = 30;

export const USAGE = `usage: npm run -s truth:fuzz -- --seed <n> --count <m> [--json] [--minimize-runs <k>]
       npm run -s truth:fuzz -- --replay <scenarios.json> [--json]
       npm run -s truth:fuzz -- --judge <runs.jsonl> [--json]
       npm run -s truth:fuzz -- --engine firefox|webkit [--seed <n>] [--count <m>] [--replay <file>] [--json]
  --seed <n>           seed of the scenario generator (integer 0..2147483647); default: random, printed
  --count <m>          how many scenarios (1..100000); default 100 (30 with --engine firefox or webkit)
  --engine <e>         chromium (default: the engine against Chromium), firefox (each scenario in
                       Chromium and Firefox: where Firefox, Chromium and the engine disagree; no minimizing)
                       or webkit (each scenario in Chromium and WebKitGTK: where their outcomes differ,
                       or both block for reasons the Safari parser cannot match; no minimizing)
  --json               print exactly one JSON object on stdout
  --minimize-runs <k>  browser runs the minimizer may spend per disagreement (0..500); default 40
  --replay <file>      run the scenarios in a file (one scenario, a list, or {"scenarios": [...]})
  --max-seconds <s>    start no new scenario after s seconds ("scenarios" then counts those that ran)
  --save <runs.jsonl>  append every run (scenario, HAR, Chromium's truth) to this file
  --judge <runs.jsonl> judge saved runs again with the current engine (no browser)
  --strict             count the engine's "unknown" (it cannot tell from the HAR) as a disagreement too
exit status: 0 no disagreement, 1 disagreements, 2 bad input`;

export const FUZZ_ENGINES = ["chromium", "firefox", "webkit"] as const;
export type FuzzEngine = (typeof FUZZ_ENGINES)[number];

export interface FuzzArgs {
  readonly help: boolean;
  readonly engine: FuzzEngine;
  readonly seed: number;
  readonly count: number;
  readonly json: boolean;
  readonly minimizeRuns: number;
  readonly replay: string | undefined;
  readonly maxSeconds: number | undefined;
  readonly strict: boolean;
  readonly save: string | undefined;
  readonly judge: string | undefined;
}

export type ParsedFuzzArgs =
  | { readonly ok: true; readonly args: FuzzArgs }
  | { readonly ok: false; readonly message: string };

const OPTIONS = {
  seed: { type: "string" },
  count: { type: "string" },
  json: { type: "boolean" },
  "minimize-runs": { type: "string" },
  replay: { type: "string" },
  "max-seconds": { type: "string" },
  strict: { type: "boolean" },
  save: { type: "string" },
  judge: { type: "string" },
  engine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

class BadInput extends Error {}

function integer(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new BadInput(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || value > max) throw new BadInput(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** `randomSeed` is used when --seed is absent. */
export function parseFuzzArgs(argv: readonly string[], randomSeed: () => number): ParsedFuzzArgs {
  try {
    const { values } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false });
    if (values.judge !== undefined && (values.replay !== undefined || values.save !== undefined)) {
      throw new BadInput("--judge reads saved runs: it cannot be combined with --replay or --save");
    }
    const engine = values.engine ?? "chromium";
    if (!(FUZZ_ENGINES as readonly string[]).includes(engine)) {
      throw new BadInput(`--engine must be one of ${FUZZ_ENGINES.join(", ")}, got ${JSON.stringify(engine)}`);
    }
    if (engine !== "chromium" && (values.judge !== undefined || values.save !== undefined)) {
      throw new BadInput(`--judge and --save hold Chromium's runs: they cannot be combined with --engine ${engine}`);
    }
    return {
      ok: true,
      args: {
        help: values.help ?? false,
        engine: engine as FuzzEngine,
        seed: integer(values.seed, "--seed", 0, 2_147_483_647) ?? randomSeed(),
        count:
          integer(values.count, "--count", 1, 100_000) ?? (engine === "chromium" ? 100 : OTHER_ENGINE_DEFAULT_COUNT),
        json: values.json ?? false,
        minimizeRuns: integer(values["minimize-runs"], "--minimize-runs", 0, 500) ?? 40,
        replay: values.replay,
        maxSeconds: integer(values["max-seconds"], "--max-seconds", 1, 86_400),
        strict: values.strict ?? false,
        save: values.save,
        judge: values.judge,
      },
    };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
