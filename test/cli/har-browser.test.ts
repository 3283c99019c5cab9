/**
 * `cors-doctor har --browser`: the answer for Firefox, Safari or all three, on HAR files Chromium
 * recorded in the lab (the scenarios whose Firefox and WebKit recordings show the differences).
 * The default output is untouched: `--browser` only adds.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliSync } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-browser-"));

/** A lab scenario's HAR as a file (the lab fixtures hold the HAR Chromium wrote). */
function labHar(id: string): string {
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, `../fixtures/lab/${id}.json`), "utf8")) as {
    har: unknown;
  };
  const path = join(dir, `${id}.har`);
  writeFileSync(path, JSON.stringify(fixture.har));
  return path;
}

const SAMPLE = join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har");
const run = (...args: string[]) => runCliSync(args);

interface Element {
  readonly verdict: string;
  readonly browsers?: Record<
    string,
    {
      verdict: string;
      error: string | null;
      message: string | null;
      differences: { code: string }[];
      unknownReason: string | null;
    }
  >;
}
const exchanges = (stdout: string) => (JSON.parse(stdout) as { exchanges: Element[] }).exchanges;

describe("cors-doctor har --browser", { timeout: 60_000 }, () => {
  it("adds each chosen browser's answer to the JSON, and nothing else", () => {
    const plain = run("har", SAMPLE, "--json");
    const chrome = run("har", SAMPLE, "--json", "--browser", "chrome");
    const all = run("har", SAMPLE, "--json", "--browser", "all");
    expect(chrome.stdout).toBe(plain.stdout);
    const withBrowsers = exchanges(all.stdout);
    for (const element of withBrowsers)
      expect(Object.keys(element.browsers ?? {})).toEqual(["chrome", "firefox", "safari"]);
    const stripped = withBrowsers.map(({ browsers: _, ...rest }) => rest);
    expect(stripped).toEqual(exchanges(plain.stdout));
  });

  it("Firefox: a redirect to a URL with credentials is a network error, so nothing is blocked (exit 0)", () => {
    const har = labHar("redirect-contains-credentials");
    expect(run("har", har).code).toBe(1);
    const firefox = run("har", har, "--json", "--browser", "firefox");
    expect(firefox.code).toBe(0);
    const [element] = exchanges(firefox.stdout).filter((e) => e.verdict !== "not-cors");
    expect(element?.browsers?.firefox).toMatchObject({
      verdict: "network-error",
      error: "CORSDidNotSucceed2",
      differences: [{ code: "FIREFOX_REDIRECT_CREDENTIALS_NETWORK_ERROR" }],
    });
    expect(Object.keys(element?.browsers ?? {})).toEqual(["firefox"]);
    const text = run("har", har, "--browser", "firefox");
    expect(text.stdout).toMatch(/^NETWORK +GET .*CORSDidNotSucceed2$/m);
    expect(text.stdout).toContain("Firefox, network-error: Cross-Origin Request Blocked:");
    expect(text.stdout).toContain("In Chrome: blocked");
  });

  it("Safari, in its own words: the preflight's status first", () => {
    const har = labHar("preflight-405-without-cors");
    const safari = run("har", har, "--browser", "safari");
    expect(safari.code).toBe(1);
    expect(safari.stdout).toContain("Safari, blocked: Preflight response is not successful. Status code: 405");
    expect(safari.stdout).toContain("Safari: a preflight's status is checked first");
  });

  it("all: one line naming the browsers that decide differently, and why", () => {
    const har = labHar("allowed-safelisted-total-1024");
    const all = run("har", har, "--browser", "all");
    expect(all.stdout).toContain(
      "In other browsers: unknown in Firefox and Safari: a preflight is sent there for a client-hint header Chrome sends without one",
    );
    expect(all.stdout).toContain("; allowed in Chrome");
    // Said once, though both browsers depart alike.
    expect(all.stdout.split("Only Chrome sends client hints without a preflight").length).toBe(2);
  });

  it("rejects a browser it does not know, with the choices, exit 2", () => {
    const { code, stderr, stdout } = run("har", SAMPLE, "--browser", "opera");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("argument 'opera' is invalid. Allowed choices are chrome, firefox, safari, all.");
  });

  it("refuses --browser with outputs that do not depend on the browser, exit 2", () => {
    const { code, stderr } = run("har", SAMPLE, "--browser", "safari", "--curl", "bash");
    expect(code).toBe(2);
    expect(stderr).toContain("--browser cannot be combined with --emit-policy or --curl");
  });
});
