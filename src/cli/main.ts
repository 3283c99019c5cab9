/** The `cors-doctor` command: a thin shell over the capture, engine, explain and report modules. */

import { Command, CommanderError, Option } from "commander";
import { STACK_IDS, type StackId } from "../fixes/index.js";
import { UsageError } from "./errors.js";
import { EXIT_USAGE } from "./exit-codes.js";
import { type HarOptions, runHar } from "./har-command.js";
import { runStacks } from "./stacks-command.js";
import { VERSION } from "./version.js";

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const write = (text: string) => process.stdout.write(`${text}\n`);
  const program = new Command()
    .name("cors-doctor")
    .description("Explain CORS failures: the browser's rule, the root cause, and the smallest safe fix.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("har")
    .description("Diagnose every cross-origin request in a HAR file (DevTools: Network → Export HAR).")
    .argument("<file>", "the .har file")
    .option("--json", 'print one JSON object {"exchanges": [...]} instead of text')
    .option("--explain", "answer the five debugging questions and show the evidence")
    .option("--all", "also list requests that are not CORS (same-origin, navigations)")
    .addOption(
      new Option(
        "--fix <stack>",
        "print the fix for each blocked request for this server stack ('auto': detect it)",
      ).choices(["auto", ...STACK_IDS]),
    )
    .addOption(
      new Option("--report <format>", "write a shareable report instead of the summary").choices([
        "md",
        "html",
        "json",
      ]),
    )
    .option("-o, --output <file>", "write the report to this file instead of standard output")
    .option(
      "--include-secrets",
      "keep cookies, Authorization, API keys and URL credentials in the report (redacted by default)",
    )
    .option("--include-bodies", "include request and response bodies in the report (left out by default)")
    .addHelpText("after", "\nExit codes: 0 nothing blocked, 1 something blocked, 2 unusable input or usage.")
    .action(async (file: string, options: HarOptions) => {
      exitCode = await runHar(file, options, write);
    });

  program
    .command("stacks")
    .description("List the server stacks fixes are generated for, and which are verified on real servers in CI.")
    .option("--json", 'print one JSON object {"stacks": [...]}')
    .action((options: { json?: boolean }) => {
      runStacks(options, write);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed usage errors.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`cors-doctor: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `cors-doctor: unexpected error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`,
    );
    return EXIT_USAGE;
  }
}

/** Messages go out as one line: JSON parse errors, for one, quote the input with newlines. */
function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
