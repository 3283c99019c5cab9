/**
 * What `har --browser` (and `probe --browser`) print about the other browsers: for one browser,
 * its verdict, its console line in its own words and where it departs from Chrome; for `all`,
 * the one line naming the browsers that decide differently, and each browser's departures.
 */

import pc from "picocolors";
import type { Browser, BrowserAnswers, Verdict } from "../engine/index.js";
import {
  BROWSER_DIFFERENCE_TEXT,
  BROWSER_NAME,
  browserAnswerText,
  otherBrowsersLine,
} from "../explain/browser-texts.js";
import { terminalSafe as t } from "../explain/terminal-safe.js";
import type { BrowserChoice } from "../report/browsers-json.js";

const INDENT = "         ";

/** The verdict an exchange counts as (totals, exit code): the chosen browser's; with `all`, blocked in any. */
export function chosenVerdict(answers: BrowserAnswers, choice: BrowserChoice): Verdict {
  if (choice !== "all") return answers[choice].verdict;
  const verdicts = [answers.chrome.verdict, answers.firefox.verdict, answers.safari.verdict];
  return verdicts.includes("blocked") ? "blocked" : answers.chrome.verdict;
}

function departures(answers: BrowserAnswers, browser: Browser): string[] {
  return answers[browser].differences.map((d) => {
    const words = BROWSER_DIFFERENCE_TEXT[d.code];
    return `${INDENT}${pc.cyan("differs")} ${pc.bold(t(words.title))}: ${t(words.text)}`;
  });
}

/** The lines after Chrome's summary line of an exchange; none when there is nothing to add. */
export function renderBrowsers(answers: BrowserAnswers, choice: BrowserChoice): string[] {
  if (choice === "chrome") return [];
  if (choice === "all") {
    const lines: string[] = [];
    const line = otherBrowsersLine(answers);
    if (line) lines.push(`${INDENT}${pc.bold("In other browsers:")} ${t(line)}`);
    // A departure both browsers share is said once.
    for (const browser of ["firefox", "safari"] as const) {
      for (const departure of departures(answers, browser)) if (!lines.includes(departure)) lines.push(departure);
    }
    return lines;
  }
  const answer = answers[choice];
  const lines = [
    `${INDENT}${pc.bold(`${BROWSER_NAME[choice]}, ${answer.verdict}:`)} ${t(browserAnswerText(answer) || "no console message")}`,
  ];
  lines.push(...departures(answers, choice));
  if (answer.verdict !== answers.chrome.verdict) {
    lines.push(`${INDENT}${pc.dim(`In Chrome: ${answers.chrome.verdict}`)}`);
  }
  return lines;
}
