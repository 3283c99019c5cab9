/**
 * What the commands hold besides quoting: curl's `--url` and `Name;` forms, headers that cannot be
 * sent, PowerShell's one-entry-per-name hashtable and its two versions, and the flavour labels.
 */

import { describe, expect, it } from "vitest";
import { type RequestSpec, SHELL_FLAVOR_LABELS, SHELL_FLAVORS, toCurl } from "../../src/curl/index.js";
import { tokenize } from "./powershell-model.js";

const spec = (over: Partial<RequestSpec>): RequestSpec => ({
  method: "GET",
  url: "https://api.test/items",
  headers: [],
  notes: [],
  ...over,
});

describe("curl commands", () => {
  it("passes the URL with --url, so a URL starting with - is not read as an option", () => {
    expect(toCurl(spec({ url: "-o/tmp/x" }), "bash")).toBe("curl -i --globoff --url '-o/tmp/x'");
    expect(toCurl(spec({ url: "-o/tmp/x" }), "cmd")).toBe('curl -i --globoff --url ^"-o/tmp/x^"');
  });

  it("sends an empty header value as `Name;` (curl drops a header written `Name:`)", () => {
    expect(toCurl(spec({ headers: [{ name: "X-Empty", value: "" }] }), "bash")).toContain("-H 'X-Empty;'");
  });

  it("leaves out a header whose name is not a token, and says so", () => {
    for (const flavor of SHELL_FLAVORS) {
      const command = toCurl(
        spec({
          headers: [
            { name: "@/etc/passwd", value: "x" },
            { name: "A b", value: "y" },
          ],
        }),
        flavor,
      );
      expect(command).not.toContain("passwd");
      expect(command).not.toContain("A b");
      expect(command).toContain("A header whose name is not a valid HTTP token was left out.");
    }
  });

  it("joins repeated headers for PowerShell's hashtable, which holds a name once", () => {
    const command = toCurl(
      spec({
        headers: [
          { name: "Accept", value: "a" },
          { name: "accept", value: "b" },
          { name: "Cookie", value: "x=1" },
          { name: "Cookie", value: "y=2" },
        ],
      }),
      "powershell",
    );
    expect(command).toContain("  'Accept' = 'a, b'\n  'Cookie' = 'x=1; y=2'\n}");
  });

  it("PowerShell 7 uses -SkipHttpErrorCheck and -CustomMethod; Windows PowerShell 5.1 neither", () => {
    const seven = toCurl(spec({ method: "PROPFIND" }), "powershell");
    expect(seven).toContain("-SkipHttpErrorCheck");
    expect(seven).toContain("-CustomMethod 'PROPFIND'");
    const five = toCurl(spec({ method: "PROPFIND" }), "windows-powershell");
    expect(five).not.toContain("-SkipHttpErrorCheck");
    expect(five).not.toContain("-CustomMethod");
    expect(five).toContain("# Windows PowerShell 5.1 sends only standard methods");
    expect(five).toMatch(/^try \{\n {2}\$response = Invoke-WebRequest .*-ErrorAction Stop/m);
    expect(five).toContain("} catch {\n  $response = $_.Exception.Response\n  if (-not $response) { throw }\n}");
    // Balanced and well-formed for the tokenizer model.
    const tokens = tokenize(five).flatMap((t) => (t.kind === "other" ? [t.text] : []));
    expect(tokens.filter((t) => t === "{" || t === "@{").length).toBe(tokens.filter((t) => t === "}").length);
  });

  it("says when a cmd command is longer than cmd accepts (8191 characters)", () => {
    const long = toCurl(spec({ headers: [{ name: "Cookie", value: "a".repeat(8200) }] }), "cmd");
    expect(long.split("\n")[0]).toBe(
      "REM This command is longer than cmd's 8191-character limit; use the bash or PowerShell one.",
    );
    expect(toCurl(spec({ headers: [{ name: "Cookie", value: "a".repeat(8000) }] }), "cmd")).not.toContain("REM");
  });

  it("names PowerShell 7 and Windows PowerShell 5.1 apart", () => {
    expect(SHELL_FLAVORS.map((f) => SHELL_FLAVOR_LABELS[f])).toEqual([
      "bash",
      "Windows cmd",
      "PowerShell 7",
      "Windows PowerShell 5.1",
    ]);
  });
});
