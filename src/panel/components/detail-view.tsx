import type { Hop, Leg } from "../../engine/index.js";
import {
  type Answer,
  answerQuestions,
  describeMode,
  type ExplainedItem,
  explainDiagnosis,
  headline,
} from "../../explain/index.js";
import type { PanelServices } from "../services.js";
import type { PanelState, Row } from "../state/panel-state.js";
import { stateTag } from "./exchange-list.js";
import { type HighlightKey, highlightKeys, isHighlighted } from "./highlight.js";
import { OnDemandPart, onDemand } from "./on-demand.js";
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
  const highlights = highlightKeys(d);
  return (
    <section
      class="detail"
      aria-label="Diagnosis"
      data-testid="detail"
      data-verdict={d.verdict}
      data-cors-error={d.corsError ?? ""}
    >
      <header class="detail-header">
        <button type="button" class="close" aria-label="Close details" onClick={onClose}>
          ×
        </button>
        <div class="detail-title">
          <span class="method">{first?.request.method}</span> <span class="url">{first?.request.url}</span>
        </div>
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
      {row.chrome ? <ChromeSays row={row} /> : null}

      <h3>What's wrong</h3>
      <ul class="findings" data-testid="findings">
        {items.map((item) => (
          <FindingItem key={`${item.code}${item.text}`} item={item} />
        ))}
      </ul>

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

      <h3>Preflight and actual request</h3>
      {hops.map((hop, index) => (
        <HopHeaders
          key={hop.request.url + String(index)}
          hop={hop}
          index={index}
          isLast={index === hops.length - 1}
          highlights={highlights}
        />
      ))}

      <OnDemandPart part={fixPart} heading="What to change">
        {({ FixArea }) => <FixArea row={row} rows={state.rows.value} services={services} />}
      </OnDemandPart>

      <OnDemandPart part={copyPart} heading="Reproduce it">
        {({ CopyArea }) => <CopyArea row={row} services={services} />}
      </OnDemandPart>

      <ShareArea row={row} state={state} services={services} />
    </section>
  );
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
}: {
  hop: Hop;
  index: number;
  isLast: boolean;
  highlights: readonly HighlightKey[];
}) {
  const actualLeg: Leg = isLast ? "actual" : "redirect";
  return (
    <div class="hop" data-testid="hop">
      {index > 0 ? <div class="hop-title">Hop {index + 1}</div> : null}
      <div class="side-by-side">
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
