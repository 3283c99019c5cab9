/**
 * The one formatter: diagnosis data in, plain sentences out. Every surface (panel, CLI, report)
 * renders these strings as text, never as HTML.
 */

import { CODE_INFO, type DiagnosisCode } from "../engine/diagnosis/codes.js";
import { type CorsErrorName, isPreflightPrefixedError } from "../engine/fetch/cors-error.js";
import type {
  Diagnosis,
  Evidence,
  Finding,
  FindingOf,
  FiveQuestions,
  Leg,
  PreflightTrigger,
  SafelistRule,
  Severity,
} from "../engine/types.js";
import { CODE_TEXT, type CodeText, describeNearMiss } from "./code-texts.js";
import { CORS_ERROR_TEXT } from "./cors-error-texts.js";
import { PREFLIGHT_GAP_TEXT } from "./producer-texts.js";

export interface ExplainedItem {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly text: string;
  readonly spec: string;
  readonly evidence: readonly string[];
}

export function explainCorsError(name: CorsErrorName, failedParameter: string | null): ExplainedItem {
  const text = CORS_ERROR_TEXT[name];
  return {
    code: name,
    severity: "error",
    title: text.title,
    text: text.explain(failedParameter ?? ""),
    spec: text.spec,
    evidence: [],
  };
}

export function explainFinding(finding: Finding): ExplainedItem {
  return {
    code: finding.code,
    severity: finding.severity,
    title: CODE_TEXT[finding.code].title,
    text: explainArgs(finding),
    spec: CODE_INFO[finding.code].spec,
    evidence: finding.evidence.map(formatEvidence),
  };
}

/** The code's words for the finding's own arguments (one code at a time, so the types line up). */
function explainArgs<C extends DiagnosisCode>(finding: FindingOf<C>): string {
  const text: CodeText<C> = CODE_TEXT[finding.code];
  return text.explain(finding.args);
}

export function codeTitle(code: DiagnosisCode): string {
  return CODE_TEXT[code].title;
}

const LEG_WORDS: Readonly<Record<Leg, string>> = {
  preflight: "preflight",
  actual: "response",
  redirect: "redirect",
};

/** `preflight response  Access-Control-Allow-Origin: https://app.test` */
export function formatEvidence(evidence: Evidence): string {
  const where = `${evidence.leg === "actual" ? "actual" : LEG_WORDS[evidence.leg]}${evidence.hop > 0 ? ` #${evidence.hop + 1}` : ""} ${evidence.side}`;
  if (evidence.name === ":status") return `${where}  status ${evidence.value}`;
  if (evidence.name === ":error") return `${where}  ${evidence.value}`;
  return `${where}  ${evidence.name}: ${evidence.value}`;
}

/** The verdict in one sentence: a verdict, then the one failure (never repeating the verdict's words). */
export function headline(diagnosis: Diagnosis): string {
  const mainFinding = diagnosis.findings[0];
  switch (diagnosis.verdict) {
    case "allowed":
      return diagnosis.findings.some((f) => f.severity === "warning")
        ? "Allowed by the browser, but the server's CORS setup has problems worth fixing."
        : "Allowed: the server's CORS headers let this page read the response.";
    case "blocked": {
      if (diagnosis.corsError) return blockedHeadline(diagnosis.corsError, diagnosis.leg);
      if (!mainFinding) return "Blocked: the browser did not say why.";
      return `Blocked: ${capitalize(codeHeadline(mainFinding.code))}.`;
    }
    case "not-cors":
      return `Not a CORS request: ${mainFinding ? codeHeadline(mainFinding.code) : "CORS does not apply"}.`;
    case "network-error":
      return `Network error, not CORS: ${mainFinding ? codeHeadline(mainFinding.code) : "the request failed"}.`;
    case "unknown": {
      // The reason, not a warning that may sort before it.
      const reason = diagnosis.findings.find((f) => diagnosis.unknownReasons.includes(f.code)) ?? mainFinding;
      return `Cannot tell: ${reason ? codeHeadline(reason.code) : "not enough evidence"}.`;
    }
  }
}

const LEG_PLACE: Readonly<Record<Leg, string>> = {
  preflight: "the preflight",
  actual: "the response",
  redirect: "a redirect",
};

/**
 * "Blocked at the preflight: No Access-Control-Allow-Origin header." The "Preflight: " of a title
 * (there for lists that do not say the leg) is dropped, and a title that names the leg itself
 * ("Method not allowed by the preflight") goes without "at …".
 */
export function blockedHeadline(name: CorsErrorName, leg: Leg | null): string {
  const title = CORS_ERROR_TEXT[name].title.replace(/^Preflight: /, "");
  const place = LEG_PLACE[leg ?? "actual"];
  const legWord = place.split(" ")[1] ?? "";
  if (new RegExp(`\\b${legWord}\\b`, "i").test(title)) return `Blocked: ${capitalize(title)}.`;
  return `Blocked at ${place}: ${capitalize(title)}.`;
}

/** A code's words after the verdict: its headline, or its title with the first letter lowered. */
function codeHeadline(code: DiagnosisCode): string {
  const text = CODE_TEXT[code];
  return text.headline ?? lowerFirst(text.title);
}

/** "The request was cancelled" → "the request was cancelled"; "TLS …", "WebSocket", "Access-Control-…" stay. */
function lowerFirst(text: string): string {
  const firstWord = /^\S+/.exec(text)?.[0] ?? "";
  return /^[A-Z][a-z]+$/.test(firstWord) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Everything worth saying about a diagnosis, most important first: the browser's error (if any),
 * then root causes, warnings and notes.
 */
export function explainDiagnosis(diagnosis: Diagnosis): ExplainedItem[] {
  const items: ExplainedItem[] = [];
  if (diagnosis.corsError) items.push(explainCorsError(diagnosis.corsError, diagnosis.failedParameter));
  for (const finding of diagnosis.findings) items.push(explainFinding(finding));
  return items;
}

export interface Answer {
  readonly question: string;
  readonly answer: string;
  /** true = fine, false = this is where it breaks, null = not applicable or unknown. */
  readonly ok: boolean | null;
  readonly evidence: readonly string[];
}

/** The five debugging questions, answered in words with their evidence lines. */
export function answerQuestions(diagnosis: Diagnosis): Answer[] {
  const q = diagnosis.questions;
  return [answerOrigin(q), answerAllowed(q), answerMatch(q, diagnosis), answerPreflight(q), answerCredentials(q)];
}

const ORIGIN_SOURCES: Readonly<Record<string, string>> = {
  "origin-header": "the Origin request header",
  "preflight-origin-header": "the preflight's Origin header",
  referer: "the Referer header",
  "inspected-page": "the inspected page",
  "har-page": "the capture's page URL",
  cdp: "Chrome",
  // "user": given on the command line (cors-doctor probe --origin).
  user: "--origin",
};

function answerOrigin(q: FiveQuestions): Answer {
  const { value, source, tainted } = q.origin;
  let answer: string;
  if (value === null) answer = "Unknown: the capture does not say which page made the request.";
  else if (tainted)
    answer = `The browser sent Origin: null, because a redirect crossed to another origin (the page's own origin is not sent after that).`;
  else if (value === "null")
    answer = "null: the page has an opaque origin (a sandboxed iframe, a file: page or a data: URL).";
  else answer = `${value} (from ${ORIGIN_SOURCES[source] ?? source}).`;
  return {
    question: "What is my origin?",
    answer,
    ok: value === null ? null : true,
    evidence: q.origin.evidence.map(formatEvidence),
  };
}

function answerAllowed(q: FiveQuestions): Answer {
  const { value, leg } = q.allowedOrigin;
  const where =
    leg === "preflight" ? "the preflight response" : leg === "redirect" ? "the redirect response" : "the response";
  let answer: string;
  if (leg === null) answer = "Not applicable: no cross-origin response was checked.";
  else if (value === null) answer = `None: ${where} has no Access-Control-Allow-Origin header.`;
  else if (value === "*") answer = `Any origin ('*'), on ${where}.`;
  else answer = `${value === "" ? "an empty value" : value}, on ${where}.`;
  return {
    question: "What origin does the server allow?",
    answer,
    ok: leg === null ? null : value !== null,
    evidence: q.allowedOrigin.evidence.map(formatEvidence),
  };
}

function answerMatch(q: FiveQuestions, diagnosis: Diagnosis): Answer {
  const { result, diff } = q.match;
  const include = q.credentials.mode === "include";
  let answer: string;
  let ok: boolean | null;
  switch (result) {
    case "exact":
      answer = "Yes, exactly.";
      ok = true;
      break;
    case "wildcard":
      answer = include
        ? "No: '*' matches any origin only when no credentials are sent, and this request includes credentials."
        : "Yes: '*' allows any origin for requests without credentials.";
      ok = !include;
      break;
    case "missing":
      answer = "No: there is no allowed origin to match.";
      ok = false;
      break;
    case "multiple":
      answer = "No: the header holds several values, and only one is allowed.";
      ok = false;
      break;
    case "invalid":
      answer = "No: the allowed value is not a valid origin.";
      ok = false;
      break;
    case "mismatch":
      answer =
        diff && diff.nearMiss.length > 0
          ? `No, almost: they differ by ${describeNearMiss(diff.nearMiss)}.`
          : "No: the server allows a different origin.";
      ok = false;
      break;
    default:
      answer = diagnosis.verdict === "not-cors" ? "Not applicable: CORS does not apply." : "Not applicable.";
      ok = null;
  }
  const evidence: string[] = [];
  if (diff) {
    evidence.push(`page origin     ${diff.expected}`);
    evidence.push(`server allows   ${diff.actual}`);
    evidence.push(
      `difference      ${diff.prefix}[${diff.expectedMiddle || "∅"} → ${diff.actualMiddle || "∅"}]${diff.suffix}`,
    );
  }
  return { question: "Do they match?", answer, ok, evidence };
}

const RULE_WORDS: Readonly<Record<SafelistRule, (name: string, value: string) => string>> = {
  "value-too-long": (name) => `the ${name} value is longer than 128 bytes`,
  "unsafe-byte": (name) =>
    `the ${name} value contains a character browsers treat as unsafe (" ( ) : < > ? @ [ \\ ] { } or a control character)`,
  "language-byte": (name) => `the ${name} value has characters other than letters, digits, space and * , - . ; =`,
  "content-type-unparsable": (_, value) => `Content-Type "${value}" is not a valid MIME type`,
  "content-type-essence": (_, value) =>
    `Content-Type "${value}" is not application/x-www-form-urlencoded, multipart/form-data or text/plain`,
  "range-syntax": (_, value) => `Range "${value}" is not a single bytes=N- or bytes=N-M range`,
};

export function describeTrigger(trigger: PreflightTrigger): string {
  switch (trigger.kind) {
    case "method":
      return `the method ${trigger.method} is not GET, HEAD or POST`;
    case "header-name":
      return `the header ${trigger.name} is not CORS-safelisted`;
    case "header-value":
      return RULE_WORDS[trigger.rule](trigger.name, trigger.value);
    case "total-length":
      return `the safelisted headers add up to ${trigger.totalBytes} bytes, over the 1024-byte limit`;
  }
}

function answerPreflight(q: FiveQuestions): Answer {
  const p = q.preflight;
  const reasons = p.triggers.map(describeTrigger);
  let answer: string;
  let ok: boolean | null = true;
  if (!p.required && p.state === "not-needed") {
    answer = "No preflight needed: the method and headers are all CORS-safelisted.";
    ok = null;
  } else {
    const why = reasons.length > 0 ? `Yes, because ${reasons.join("; ")}.` : "A preflight was sent.";
    let handled = "";
    switch (p.state) {
      case "paired":
        switch (p.handled) {
          case "ok":
            handled = ` The server answered OPTIONS with ${p.status} and CORS headers.`;
            break;
          case "bad-status":
            handled = ` The server answered OPTIONS with ${p.status}, not a 2xx status.`;
            ok = false;
            break;
          case "redirected":
            handled = ` The server answered OPTIONS with a ${p.status} redirect, which browsers never follow.`;
            ok = false;
            break;
          case "network-error":
            handled = " The OPTIONS request failed at the network level.";
            ok = false;
            break;
          case "no-cors-headers":
            // Chromium names the missing header first, but a non-2xx status fails the preflight on its own.
            handled =
              p.status !== null && (p.status < 200 || p.status > 299)
                ? ` The preflight failed because of its status: the server answered OPTIONS with ${p.status}, and OPTIONS must answer with a 2xx status (with the CORS headers).`
                : ` The server answered OPTIONS with ${p.status}, but its CORS headers do not allow this request.`;
            ok = false;
            break;
          default:
            break;
        }
        break;
      case "not-captured":
        handled = (PREFLIGHT_GAP_TEXT[p.producer] ?? PREFLIGHT_GAP_TEXT.unknown).answer;
        ok = null;
        break;
      case "unknown":
        handled = (PREFLIGHT_GAP_TEXT[p.producer] ?? PREFLIGHT_GAP_TEXT.unknown).unseen;
        ok = null;
        break;
      default:
        break;
    }
    answer = `${why}${handled}`;
  }
  return {
    question: "Is a preflight triggered, and does the server handle OPTIONS?",
    answer,
    ok,
    evidence: p.evidence.map(formatEvidence),
  };
}

const CREDENTIAL_SOURCES: Readonly<Record<string, string>> = {
  "cookie-sent": "a Cookie header was sent",
  "http-auth-sent": "the browser added an Authorization header",
  "failure-pattern": "the browser blocked a response that passes without credentials",
  "resource-type": "a font is always fetched without credentials",
  default: "the default for fetch and XHR; the capture does not record it",
  cdp: "Chrome",
};

/** Where the credentials mode came from; "user" is cors-doctor probe, with or without --credentials. */
function credentialSource(source: string, sent: boolean): string {
  if (source === "user") return sent ? "from --credentials" : "probed without --credentials";
  return CREDENTIAL_SOURCES[source] ?? source;
}

function answerCredentials(q: FiveQuestions): Answer {
  const c = q.credentials;
  if (c.mode === null)
    return {
      question: "Are credentials sent, and is the server configured for them?",
      answer: "Not applicable.",
      ok: null,
      evidence: [],
    };
  const sent = c.mode === "include";
  const how = `${sent ? "Yes" : "No"} (${c.inferred ? "inferred: " : ""}${credentialSource(c.source, sent)}).`;
  let server = "";
  if (sent) {
    if (c.serverAllows === true)
      server = " The server allows them (exact origin and Access-Control-Allow-Credentials: true).";
    else if (c.serverAllows === false)
      server =
        c.allowCredentials === "true"
          ? " The server sends Access-Control-Allow-Credentials: true, but its Access-Control-Allow-Origin does not allow credentials."
          : ` The server does not allow them: Access-Control-Allow-Credentials is ${c.allowCredentials === null ? "missing" : `"${c.allowCredentials}"`}.`;
  } else if (c.cookieSent || c.authorizationSent) {
    server = c.authorizationSent
      ? " An Authorization header is sent by the script; that is a request header, not a credentials mode."
      : "";
  }
  return {
    question: "Are credentials sent, and is the server configured for them?",
    answer: `${how}${server}`,
    ok: sent ? c.serverAllows : null,
    evidence: c.evidence.map(formatEvidence),
  };
}

/**
 * Chrome's console line for a CORS error (cors_error_string.cc, current wording), so the panel can
 * show what Chrome itself would print next to our explanation.
 */
export function chromeConsoleMessage(
  corsError: CorsErrorName,
  failedParameter: string,
  url: string,
  origin: string,
  options: { initiator?: "fetch" | "xhr"; redirectedFrom?: string } = {},
): string {
  const kind = options.initiator === "xhr" ? "XMLHttpRequest" : "fetch";
  const redirected =
    options.redirectedFrom && options.redirectedFrom !== url ? `(redirected from '${options.redirectedFrom}') ` : "";
  const prefix = isPreflightPrefixedError(corsError)
    ? "Response to preflight request doesn't pass access control check: "
    : "";
  const body = CORS_ERROR_TEXT[corsError].chromeBody.replaceAll("{p}", failedParameter);
  return `Access to ${kind} at '${url}' ${redirected}from origin '${origin}' has been blocked by CORS policy: ${prefix}${body}`;
}
