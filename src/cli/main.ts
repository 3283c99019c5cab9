/** The `cors-doctor` command: a thin shell over the capture, engine, explain and report modules. */

import { Command, CommanderError, Option } from "commander";
import { terminalSafe, terminalSafeLines } from "../explain/terminal-safe.js";
import { STACK_IDS } from "../fixes/index.js";
import { BROWSER_CHOICES } from "../report/browsers-json.js";
import { type AuditOptions, runAudit } from "./audit-command.js";
import { type CheckOptions, runCheck } from "./check-command.js";
import { CURL_FLAVORS } from "./curl-output.js";
import { UsageError } from "./errors.js";
import { EXIT_USAGE } from "./exit-codes.js";
import { type HarOptions, PARALLEL_MIN_BYTES, runHar } from "./har-command.js";
import {
  DEFAULT_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
  type ProbeOptions,
  parseTimeoutOption,
  runProbe,
} from "./probe-command.js";
import { runStacks } from "./stacks-command.js";
import { stdoutLines } from "./stdout.js";
import { VERSION } from "./version.js";

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const write = stdoutLines();
  const program = new Command()
    .name("cors-doctor")
    .description("Explain CORS failures: the browser's rule, the root cause, and the smallest safe fix.")
    .version(VERSION)
    .exitOverride()
    // Commander quotes the arguments it rejects: they are the user's (or a script's) bytes.
    .configureOutput({ writeErr: (text) => process.stderr.write(terminalSafeLines(text)) })
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
    .addOption(
      new Option(
        "--curl <shell>",
        "print each request (and its preflight) as a command to reproduce it: bash, cmd, powershell (PowerShell 7), windows-powershell (5.1) or fetch (the page's console); secrets redacted unless --include-secrets",
      ).choices(CURL_FLAVORS),
    )
    .addOption(browserOption())
    .option(
      "--emit-policy",
      "write the CORS contract the capture shows (cors-policy.json, for `cors-doctor check`) instead of the diagnosis",
    )
    .option("-o, --output <file>", "write the report (or the policy) to this file instead of standard output")
    .addOption(includeSecretsOption())
    .option("--include-bodies", "include request and response bodies in the report (left out by default)")
    .option(
      "--threads <n>",
      `worker threads that read and diagnose the file (default: up to 4 for files over ${PARALLEL_MIN_BYTES / 1024 / 1024} MB on 4 or more cores, else 1)`,
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 nothing blocked, 1 something blocked, 2 unusable input or usage (with --emit-policy: 0 once the policy is written).",
    )
    .action(async (file: string, options: HarOptions) => {
      exitCode = await runHar(file, options, write);
    });

  const collect = (value: string, previous: string[] = []) => [...previous, value];

  program
    .command("probe")
    .description(
      "Send the preflight and the request a browser's fetch() would send from --origin, and diagnose the answers.",
    )
    .argument("<url>", "the API URL")
    .requiredOption("--origin <origin>", "the page's origin, e.g. https://app.example")
    .option("-X, --method <method>", "the request method", "GET")
    .option("-H, --header <header>", "a request header the page sets, 'Name: value' (repeatable)", collect)
    .option("-d, --data <body>", "the request body")
    .addOption(includeSecretsOption())
    .option("--credentials", "send credentials (fetch credentials: 'include'); pass cookies with -H 'Cookie: ...'")
    .option("--json", 'print one JSON object {"exchanges": [...]}, as `har --json` does')
    .option("--explain", "answer the five debugging questions and show the evidence")
    .addOption(
      new Option("--fix <stack>", "print the fix for this server stack ('auto': detect it)").choices([
        "auto",
        ...STACK_IDS,
      ]),
    )
    .addOption(browserOption())
    .addOption(resolveOption())
    .addOption(timeoutOption())
    .addOption(insecureOption())
    .addHelpText(
      "after",
      "\nExit codes: 0 allowed (or not CORS), 1 blocked, a network error or undecidable, 2 bad usage. curl-like, but it reads the answers the way a browser does.",
    )
    .action(async (url: string, options: ProbeOptions) => {
      exitCode = await runProbe(url, options, write, (text) => process.stderr.write(`${text}\n`));
    });

  program
    .command("audit")
    .description("Send the Origin values security scanners use to one URL and report which ones the server trusts.")
    .argument("<url>", "the API URL (only this URL is contacted)")
    .requiredOption("--origin <origin>", "the origin you trust, e.g. https://app.example")
    .option("-X, --method <method>", "the request method", "GET")
    .option("-H, --header <header>", "an extra request header, 'Name: value' (repeatable)", collect)
    .option("--json", "print one JSON object with every probe and finding")
    .addOption(includeSecretsOption())
    .addOption(resolveOption())
    .addOption(timeoutOption())
    .addOption(insecureOption())
    .addHelpText(
      "after",
      "\nSends about 35 requests, one at a time, to the URL given and nowhere else.\nExit codes: 0 no problem found, 1 problems found, 2 bad usage or no answer.",
    )
    .action(async (url: string, options: AuditOptions) => {
      try {
        exitCode = await runAudit(url, options, write);
      } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
      }
    });

  program
    .command("check")
    .description(
      "Send every rule of a CORS policy (har --emit-policy) as a browser would, and report each one that does not hold.",
    )
    .argument("<policy>", "the policy file, e.g. cors-policy.json")
    .option(
      "--base-url <captured=url>",
      "send a captured server's rules to another deployment, e.g. https://api.example=https://staging.example (repeatable)",
      collect,
    )
    .option("--json", "print one JSON object with every rule's result")
    .option("--junit <file>", "also write a JUnit XML file: one testcase per rule")
    .addOption(resolveOption())
    .addOption(timeoutOption())
    .addOption(insecureOption())
    .addHelpText(
      "after",
      "\nSends each rule's preflight (when one is needed) and request, one at a time; a server that does not answer is not asked again.\nExit codes: 0 the policy holds, 1 violations, 2 bad input or no answer from a server.",
    )
    .action(async (policy: string, options: CheckOptions) => {
      exitCode = await runCheck(policy, options, write);
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
      process.stderr.write(`cors-doctor: ${terminalSafe(oneLine(error.message))}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `cors-doctor: unexpected error: ${terminalSafe(oneLine(error instanceof Error ? error.message : String(error)))}\n`,
    );
    return EXIT_USAGE;
  }
}

/** Messages go out as one line: JSON parse errors, for one, quote the input with newlines. */
// The connection options of the verbs that send requests (probe, audit): made once per command,
// never one Option object shared by two commands.
const resolveOption = () =>
  new Option(
    "--resolve <host:port:address>",
    "connect to this address for host:port, like curl --resolve (repeatable)",
  ).argParser((value: string, previous: string[] = []) => [...previous, value]);
const timeoutOption = () =>
  new Option(
    "--timeout <ms>",
    `deadline of each request (connect, headers and body), whole milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
  )
    .argParser(parseTimeoutOption)
    .default(DEFAULT_TIMEOUT_MS);
const includeSecretsOption = () =>
  new Option(
    "--include-secrets",
    "print cookies, Authorization, API keys, tokens and URL credentials as captured (every output redacts them by default)",
  );
const browserOption = () =>
  new Option(
    "--browser <name>",
    "answer for this browser: chrome (default), firefox, safari, or all (the differences; a request blocked in any browser counts as blocked)",
  ).choices(BROWSER_CHOICES);
const insecureOption = () => new Option("-k, --insecure", "accept self-signed certificates");

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
