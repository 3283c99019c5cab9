import { useRef } from "preact/hooks";
import type { Diagnosis, Hop, Leg } from "../../engine/index.js";
import {
  type Answer,
  answerQuestions,
  describeMode,
  type ExplainedItem,
  explainDiagnosis,
  headline,
  previewedVerdictText,
} from "../../explain/index.js";
import type { PanelServices } from "../services.js";
import type { PanelState, Row } from "../state/panel-state.js";
import { stateTag } from "./exchange-list.js";
import { type HighlightKey, highlightKeys, isHighlighted } from "./highlight.js";
import { OnDemandPart, onDemand } from "./on-demand.js";
import { OtherBrowsers } from "./other-browsers.js";
import { ShareArea } from "./share.js";

// Loaded when the detail view first opens, after the diagnosis above them is shown.
const fixPart = onDemand("the fix suggestions", () => import("./fix-area.js"));
const copyPart = onDemand("the curl commands", () => import("./copy-area.js"));

const SEVERITY_LABEL: Record<string, string> = {
  error: "Error",
  cause: "Root cause",
  warning: "Warning",
  info: "Note",
};

export function DetailView({
  row,
  state,
  services,
  onClose,
}: {
  row: Row;
  state: PanelState;
  services: PanelServices;
  onClose: () => void;
}) {
  const d = row.diagnosis;
  const hops = row.captured.exchange.hops;
  const first = hops[0];
  const tag = stateTag(row);
  const items = explainDiagnosis(d);
  // The error and its root causes lead; warnings and notes wait until after the five questions.
  const causes = items.filter((item) => item.severity === "error" || item.severity === "cause");
  const remarks = items.filter((item) => item.severity !== "error" && item.severity !== "cause");
  const highlights = highlightKeys(d);
  return (
    <section
      class="detail"
      aria-label="Diagnosis"
      data-testid="detail"
      data-verdict={d.verdict}
      data-cors-error={d.corsError ?? ""}
      data-alt-cors-errors={d.alternatives
        .map((a) => a.corsError ?? "")
        .filter(Boolean)
        .join(" ")}
    >
      <header class="detail-header">
        <button type="button" class="close" aria-label="Close details" onClick={onClose}>
          ×
        </button>
        <h2 class="detail-title">
          <span class="method">{first?.request.method}</span> <span class="url">{first?.request.url}</span>
        </h2>
        {hops.slice(1).map((hop) => (
          <div class="redirect-line" key={hop.request.url}>
            → redirected to {hop.request.url}
          </div>
        ))}
      </header>

      <p class={`headline verdict-${d.verdict}`} data-testid="headline">
        <span class={`badge badge-${d.verdict}`}>{d.verdict}</span> {headline(d)}
      </p>
      {d.corsError ? (
        <p class="error-name" data-testid="cors-error">
          Chromium error: <code>{d.corsError}</code>
          {d.failedParameter ? (
            <>
              {" "}
              (failed parameter <code>{d.failedParameter}</code>)
            </>
          ) : null}
        </p>
      ) : null}
      {tag ? <p class="state-note">{tag}</p> : null}
      {state.fixPreview.value?.previewed(first?.request.url ?? "", row.captured.startedMs) ? (
        <p class="note previewed" data-testid="previewed-note">
          {previewedVerdictText(d.verdict, headline(d))}
        </p>
      ) : null}
      {row.chrome ? <ChromeSays row={row} /> : null}
      <OtherBrowsers exchange={row.captured.exchange} diagnosis={d} />

      {causes.length > 0 ? (
        <>
          <h3>Why</h3>
          <ul class="findings" data-testid="findings">
            {causes.map((item) => (
              <FindingItem key={`${item.code}${item.text}`} item={item} />
            ))}
          </ul>
        </>
      ) : null}

      <OnDemandPart part={fixPart} heading="What to change">
        {({ FixArea }) => <FixArea row={row} rows={state.rows.value} services={services} preview={state.fixPreview} />}
      </OnDemandPart>

      <h3>The five questions</h3>
      {/* Their premise: why the request was (or was not) checked as CORS. */}
      <p class="request-mode" data-testid="request-mode">
        {describeMode(d)}
      </p>
      <ol class="questions" data-testid="questions">
        {answerQuestions(d).map((answer) => (
          <QuestionItem key={answer.question} answer={answer} />
        ))}
      </ol>

      {remarks.length > 0 ? (
        <>
          <h3>Also worth fixing</h3>
          <ul class="findings" data-testid="warnings">
            {remarks.map((item) => (
              <FindingItem key={`${item.code}${item.text}`} item={item} />
            ))}
          </ul>
        </>
      ) : null}

      <HeadersSection hops={hops} diagnosis={d} highlights={highlights} />

      <OnDemandPart part={copyPart} heading="Reproduce it">
        {({ CopyArea }) => <CopyArea row={row} services={services} />}
      </OnDemandPart>

      <ShareArea row={row} state={state} services={services} />
    </section>
  );
}

/**
 * The recorded headers, collapsed: opening them scrolls to the first highlighted (offending) line.
 * The summary names that line, so it is seen without opening.
 */
function HeadersSection({
  hops,
  diagnosis,
  highlights,
}: {
  hops: readonly Hop[];
  diagnosis: Diagnosis;
  highlights: readonly HighlightKey[];
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const onToggle = () => {
    const details = ref.current;
    if (!details?.open) return;
    details.querySelector<HTMLElement>("[data-highlighted='true'], .column-title.highlighted")?.scrollIntoView({
      block: "nearest",
    });
  };
  const offending = offendingLine(hops, highlights);
  // A preflight column only where there was one, or one was needed and not captured.
  const preflightExpected =
    diagnosis.questions.preflight.required || diagnosis.questions.preflight.state !== "not-needed";
  return (
    <details class="headers-section" data-testid="headers" ref={ref} onToggle={onToggle}>
      <summary>
        <h3>Headers{hops.some((hop) => hop.preflight) ? ": preflight and actual request" : ""}</h3>
        {offending ? (
          <span class="offending" data-testid="offending-line">
            {" "}
            — <code>{offending}</code>
          </span>
        ) : null}
      </summary>
      {hops.map((hop, index) => (
        <HopHeaders
          key={hop.request.url + String(index)}
          hop={hop}
          index={index}
          isLast={index === hops.length - 1}
          highlights={highlights}
          showPreflight={hop.preflight !== null || (index === diagnosis.hop && preflightExpected)}
        />
      ))}
    </details>
  );
}

/** The first highlighted header line, as recorded ("Access-Control-Allow-Origin: https://x"), or null. */
function offendingLine(hops: readonly Hop[], highlights: readonly HighlightKey[]): string | null {
  for (const key of highlights) {
    if (key.name === ":status") continue;
    const hop = hops[key.hop];
    if (!hop) continue;
    const record = key.leg === "preflight" ? hop.preflight : hop;
    const headers = record ? (key.side === "request" ? record.request.headers : record.response.headers) : [];
    const line = headers.find((h) => h.name.toLowerCase() === key.name);
    if (line) return `${line.name}: ${line.value}`;
    if (key.side === "response" && key.name.startsWith("access-control-"))
      return `no ${key.name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())} header`;
  }
  return null;
}

function ChromeSays({ row }: { row: Row }) {
  const chrome = row.chrome;
  if (!chrome) return null;
  return (
    <div class={`chrome-says${row.disagrees ? " disagrees" : ""}`} data-testid="chrome-says">
      <strong>Chrome says:</strong> <code>{chrome.corsError ?? chrome.errorText ?? "no CORS error"}</code>
      {chrome.failedParameter ? <> ({chrome.failedParameter})</> : null}
      {row.disagrees ? (
        <span class="disagree-note"> — differs from this diagnosis; Chrome's answer is authoritative.</span>
      ) : (
        <span> — agrees.</span>
      )}
      {chrome.consoleText ? <pre class="console-line">{chrome.consoleText}</pre> : null}
    </div>
  );
}

function FindingItem({ item }: { item: ExplainedItem }) {
  return (
    <li class={`finding severity-${item.severity}`} data-code={item.code}>
      <span class="severity">{SEVERITY_LABEL[item.severity] ?? item.severity}</span> <strong>{item.title}</strong>
      <p>{item.text}</p>
      {item.evidence.length > 0 ? <pre class="evidence">{item.evidence.join("\n")}</pre> : null}
      <a class="spec" href={item.spec} target="_blank" rel="noreferrer noopener">
        spec
      </a>
    </li>
  );
}

function QuestionItem({ answer }: { answer: Answer }) {
  const mark = answer.ok === true ? "✓" : answer.ok === false ? "✗" : "·";
  return (
    <li class={`question ${answer.ok === true ? "ok" : answer.ok === false ? "bad" : "na"}`}>
      <span class="mark" aria-hidden="true">
        {mark}
      </span>{" "}
      <strong>{answer.question}</strong> {answer.answer}
      {answer.evidence.length > 0 ? <pre class="evidence">{answer.evidence.join("\n")}</pre> : null}
    </li>
  );
}

function HopHeaders({
  hop,
  index,
  isLast,
  highlights,
  showPreflight,
}: {
  hop: Hop;
  index: number;
  isLast: boolean;
  highlights: readonly HighlightKey[];
  showPreflight: boolean;
}) {
  const actualLeg: Leg = isLast ? "actual" : "redirect";
  return (
    <div class="hop" data-testid="hop">
      {index > 0 ? <div class="hop-title">Hop {index + 1}</div> : null}
      <div class={showPreflight ? "side-by-side" : "single"}>
        {showPreflight ? (
          <HeaderColumn
            title={
              hop.preflight
                ? `Preflight: OPTIONS ${hop.preflight.response.status || "(no response)"}`
                : "Preflight: none captured"
            }
            request={hop.preflight?.request.headers ?? []}
            response={hop.preflight?.response.headers ?? []}
            status={hop.preflight?.response.status ?? null}
            hop={index}
            leg="preflight"
            highlights={highlights}
          />
        ) : null}
        <HeaderColumn
          title={`${isLast ? "Actual" : "Redirect"}: ${hop.request.method} ${hop.response.status || "(no response)"}`}
          request={hop.request.headers}
          response={hop.response.headers}
          status={hop.response.status}
          hop={index}
          leg={actualLeg}
          highlights={highlights}
          note={
            !hop.request.provisionalHeaders
              ? null
              : hop.response.status === 0
                ? "Only the headers the page set were recorded: the browser never sent this request."
                : "Only the headers the page set were recorded."
          }
        />
      </div>
    </div>
  );
}

function HeaderColumn(props: {
  title: string;
  request: readonly { name: string; value: string }[];
  response: readonly { name: string; value: string }[];
  status: number | null;
  hop: number;
  leg: Leg;
  highlights: readonly HighlightKey[];
  note?: string | null;
}) {
  const { hop, leg, highlights } = props;
  const statusHighlighted = isHighlighted(highlights, hop, leg, "response", ":status");
  return (
    <div class={`column leg-${leg}`}>
      <div class={`column-title${statusHighlighted ? " highlighted" : ""}`}>{props.title}</div>
      {props.note ? <div class="column-note">{props.note}</div> : null}
      <div class="headers-label">Request headers</div>
      <HeaderTable headers={props.request} hop={hop} leg={leg} side="request" highlights={highlights} />
      <div class="headers-label">Response headers</div>
      <HeaderTable headers={props.response} hop={hop} leg={leg} side="response" highlights={highlights} />
    </div>
  );
}

function HeaderTable(props: {
  headers: readonly { name: string; value: string }[];
  hop: number;
  leg: Leg;
  side: "request" | "response";
  highlights: readonly HighlightKey[];
}) {
  if (props.headers.length === 0) return <div class="no-headers">none recorded</div>;
  return (
    <dl class="headers">
      {props.headers.map((h, i) => {
        const on = isHighlighted(props.highlights, props.hop, props.leg, props.side, h.name);
        return (
          <div
            class={`header-line${on ? " highlighted" : ""}`}
            key={`${h.name}${i}`}
            data-highlighted={on ? "true" : undefined}
          >
            <dt>{h.name}:</dt> <dd>{h.value}</dd>
          </div>
        );
      })}
    </dl>
  );
}
