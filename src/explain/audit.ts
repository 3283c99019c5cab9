/**
 * Words for each finding of `cors-doctor audit`: what the server accepted and why it matters.
 * Keyed by the finding classes of cli/audit.ts; the CLI indexes this table with its class type,
 * so a class without words fails to compile.
 */

export interface AuditText {
  readonly title: string;
  readonly explain: string;
}

export const AUDIT_TEXT = {
  baseline: { title: "Your origin", explain: "The trusted origin itself, for comparison." },
  "trusted-not-allowed": {
    title: "Your trusted origin is not allowed",
    explain:
      "The server did not allow the origin you named; check it (scheme, port, no trailing slash), or this URL has no CORS configuration.",
  },
  wildcard: {
    title: "Any origin may read responses ('*')",
    explain:
      "Fine for public data without credentials; browsers refuse '*' with credentials, so it cannot expose signed-in users.",
  },
  "arbitrary-origin": {
    title: "Any origin is reflected",
    explain:
      "The server echoes whatever Origin it receives. With credentials, every website can read responses as the signed-in user. Replace reflection with an allow-list.",
  },
  "null-origin": {
    title: "The null origin is trusted",
    explain:
      "Sandboxed iframes, data: URLs and files all send Origin: null, so any site can claim it. Never allow null.",
  },
  "prefix-match": {
    title: "Origins that start with your host are trusted",
    explain:
      "An origin that starts with your host, such as app.example.cors-doctor-audit.example for app.example, is accepted: the check tests a prefix. Compare whole origins exactly.",
  },
  "suffix-match": {
    title: "Origins that end with your host are trusted",
    explain:
      "An origin that ends with your host, such as evilapp.example for app.example, is accepted: the check tests a suffix without a dot boundary. Compare whole origins exactly, or require '.' before the domain.",
  },
  "substring-match": {
    title: "Origins containing part of your host are trusted",
    explain: "A shortened host is accepted: the check tests a substring. Compare whole origins exactly.",
  },
  "unescaped-dot": {
    title: "An unescaped dot in an origin regex",
    explain:
      "A look-alike with a letter in place of a dot is accepted: '.' in a regex matches any character. Escape dots and anchor the pattern (^…$).",
  },
  "special-character": {
    title: "Look-alike origins with special characters are trusted",
    explain:
      "Origins with characters such as _ ` or ! between your host and another domain are accepted: the check parses the origin loosely. Compare whole origins exactly.",
  },
  "http-trusted": {
    title: "The http version of your origin is trusted",
    explain:
      "A network attacker can inject script into the plain-http origin and use it against this API. Allow only https in production.",
  },
  "any-subdomain": {
    title: "Every subdomain is trusted",
    explain:
      "Any subdomain (including forgotten, user-content or taken-over ones) can read responses. List the subdomains you need.",
  },
  "third-party": {
    title: "A third-party hosting origin is trusted",
    explain: "Origins anyone can publish on (github.io, codepen.io) are accepted. Remove them from the allow-list.",
  },
  "vary-missing": {
    title: "The reflected origin is cached without Vary: Origin",
    explain:
      "Responses that name the requesting origin must carry Vary: Origin, or a cache can serve one origin's answer to another.",
  },
} as const satisfies Readonly<Record<string, AuditText>>;
