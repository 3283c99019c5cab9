import { describe, expect, it } from "vitest";
import {
  headerKind,
  looksLikeSecretValue,
  REDACTED,
  redactHeaderValue,
  redactUrl,
  redactUrlsInText,
} from "../../src/redact/index.js";

describe("redactUrl", () => {
  it.each([
    ["https://api.test/v1/items?page=2", "https://api.test/v1/items?page=2"],
    ["https://api.test/a?access_token=x&page=2", `https://api.test/a?access_token=${REDACTED}&page=2`],
    ["https://u:p@ss@api.test/a", `https://${REDACTED}@api.test/a`],
    ["//u:p@cdn.test/a", `//${REDACTED}@cdn.test/a`],
    [
      "https://api.test/a#access_token=x&state=y&view=1",
      `https://api.test/a#access_token=${REDACTED}&state=${REDACTED}&view=1`,
    ],
    ["https://app.test/#/callback?code=x&lang=en", `https://app.test/#/callback?code=${REDACTED}&lang=en`],
    ["/next?session_id=x;sig=y&a=1", `/next?session_id=${REDACTED};sig=${REDACTED}&a=1`],
    [
      "?oauth_nonce=x&X-Amz-Date=1&x-goog-signature=z",
      `?oauth_nonce=${REDACTED}&X-Amz-Date=${REDACTED}&x-goog-signature=${REDACTED}`,
    ],
    ["https://api.test/a?access%5Ftoken=x", `https://api.test/a?access%5Ftoken=${REDACTED}`],
    ["https://api.test/a?token=", "https://api.test/a?token="],
    ["https://api.test/a?q=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", `https://api.test/a?q=${REDACTED}`],
    ["https://api.test/a#eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", `https://api.test/a#${REDACTED}`],
    ["https://api.test/a#section-2", "https://api.test/a#section-2"],
  ])("%s", (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it("redacts the URLs inside prose", () => {
    expect(redactUrlsInText("Access to fetch at 'https://api.test/a?key=k' from origin 'https://app.test' ...")).toBe(
      `Access to fetch at 'https://api.test/a?key=${REDACTED}' from origin 'https://app.test' ...`,
    );
  });
});

describe("the header catalogue", () => {
  it.each([
    ["Cookie", "secret"],
    ["Set-Cookie", "secret"],
    ["Authorization", "secret"],
    ["X-Access-Key", "secret"],
    ["X-Authentication", "secret"],
    ["X-Amz-Security-Token", "secret"],
    ["X-CSRF-Token", "secret"],
    ["X-Session-Id", "secret"],
    ["X-Hub-Signature-256", "secret"],
    ["Origin", "readable"],
    ["Access-Control-Allow-Headers", "readable"],
    ["Access-Control-Request-Headers", "readable"],
    ["Vary", "readable"],
    ["Content-Type", "readable"],
    ["Sec-Fetch-Mode", "readable"],
    ["WWW-Authenticate", "readable"],
    ["Location", "url"],
    ["Referer", "url"],
    ["Content-Location", "url"],
    ["X-Request-Id", "other"],
    ["X-Designer", "other"],
    ["Keep-Alive", "other"],
  ])("%s is %s", (name, kind) => {
    expect(headerKind(name)).toBe(kind);
  });

  it("keeps the scheme of Authorization and the names of cookies", () => {
    expect(redactHeaderValue("Authorization", "Bearer abc")).toBe(`Bearer ${REDACTED}`);
    expect(redactHeaderValue("Authorization", "abc")).toBe(REDACTED);
    expect(redactHeaderValue("Cookie", "a=1; bare; b=2")).toBe(`a=${REDACTED}; ${REDACTED}; b=${REDACTED}`);
    expect(redactHeaderValue("Set-Cookie", "a=1; Path=/; Secure\nb=2; HttpOnly\nbare; SameSite=None")).toBe(
      `a=${REDACTED}; Path=/; Secure\nb=${REDACTED}; HttpOnly\n${REDACTED}; SameSite=None`,
    );
  });

  it("redacts URL headers' secrets only, and JWTs and keys in any other header", () => {
    expect(redactHeaderValue("Location", "/login?next=/a&ticket=t")).toBe(`/login?next=/a&ticket=${REDACTED}`);
    expect(redactHeaderValue("Link", "<https://api.test/p?token=t>; rel=next")).toBe(
      `<https://api.test/p?token=${REDACTED}>; rel=next`,
    );
    expect(redactHeaderValue("X-User-Context", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")).toBe(REDACTED);
    expect(redactHeaderValue("X-Trace", "k9Q2mZx7Lp4Vb8Nc3Hs6Fg1Jd5Rt0WyE")).toBe(REDACTED);
    expect(redactHeaderValue("X-Original-Url", "/a?password=p")).toBe(`/a?password=${REDACTED}`);
    // Evidence stays readable, whatever it looks like.
    const acah = "authorization,x-api-key,x-session-token,k9Q2mZx7Lp4Vb8Nc3Hs6Fg1Jd5Rt0WyE";
    expect(redactHeaderValue("Access-Control-Allow-Headers", acah)).toBe(acah);
    expect(redactHeaderValue("Origin", "https://app.test")).toBe("https://app.test");
    expect(
      redactHeaderValue("Content-Type", "multipart/form-data; boundary=k9Q2mZx7Lp4Vb8Nc3Hs6Fg1Jd5Rt0WyE"),
    ).toContain("boundary=k9Q2");
  });
});

describe("looksLikeSecretValue", () => {
  it.each([
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", true],
    ["sk_live_51HqLyjWDarjtT1zdp7dcXwZ9a4n8", true],
    ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", true],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0", false],
    ["application/vnd.api+json", false],
    ["max-age=31536000; includeSubDomains; preload", false],
    ["https://app.test/some/long/path/to/a/resource/file.js", false],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false],
  ])("%s: %s", (value, secret) => {
    expect(looksLikeSecretValue(value)).toBe(secret);
  });
});
