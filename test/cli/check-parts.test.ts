/** The pieces of `cors-doctor check` that need no server: placeholder values, --base-url, JUnit escaping. */

import { describe, expect, it } from "vitest";
import { parseBaseUrls, placeholderHeader } from "../../src/cli/check-command.js";
import { UsageError } from "../../src/cli/errors.js";
import { escapeXml } from "../../src/cli/junit.js";
import { corsUnsafeRequestHeaderNames } from "../../src/engine/index.js";
import type { PolicyFile } from "../../src/policy/index.js";

describe("check's placeholder header values", () => {
  // The policy keeps names only; a safelisted placeholder would skip the preflight the app needs.
  it.each(["accept", "accept-language", "content-language", "content-type", "range", "authorization", "x-request-id"])(
    "%s stays CORS-unsafe, so the probe is preflighted as the page's request was",
    (name) => {
      expect(corsUnsafeRequestHeaderNames([placeholderHeader(name)]).names).toEqual([name]);
    },
  );
});

describe("--base-url", () => {
  const policy = { servers: [{ server: "https://api.example" }] } as unknown as PolicyFile;

  it("maps a captured server to a deployment, keeping a path prefix without its trailing slash", () => {
    expect(parseBaseUrls(["https://api.example=https://staging.example/api/"], policy)).toEqual(
      new Map([["https://api.example", "https://staging.example/api"]]),
    );
    expect(
      parseBaseUrls(["https://api.example=http://user:pw@127.0.0.1:8080"], policy).get("https://api.example"),
    ).toBe("http://127.0.0.1:8080");
  });

  it.each([
    "https://api.example",
    "https://api.example=ftp://x.example",
    "https://api.example=https://x.example/?q=1",
    "https://other.example=https://x.example",
  ])("refuses %s", (value) => {
    expect(() => parseBaseUrls([value], policy)).toThrow(UsageError);
  });
});

describe("JUnit escaping", () => {
  it("escapes markup and shows what XML 1.0 cannot hold", () => {
    expect(escapeXml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    const escaped = escapeXml("x\u001b[31my\u0000z\uD800");
    // Only tab, line feed and carriage return among the C0 controls, and no lone surrogate.
    const invalid = [...escaped].filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return (code < 0x20 && c !== "\t" && c !== "\n" && c !== "\r") || (code >= 0xd800 && code <= 0xdfff);
    });
    expect(invalid).toEqual([]);
    expect(escaped).toContain("\\x1b");
  });
});
