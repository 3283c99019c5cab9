import { useMemo } from "preact/hooks";
import { matchToRequest, type ParsedConsoleError, parseConsoleMessages } from "../../console/index.js";
import {
  CODE_TEXT,
  CONSOLE_NOTHING_RECOGNISED,
  CORS_ERROR_TEXT,
  pasteCandidatesIntro,
  pasteUnmatchedNote,
} from "../../explain/index.js";
import type { PanelState } from "../state/panel-state.js";

const BROWSER_NAME = { chrome: "Chrome", firefox: "Firefox", safari: "Safari" } as const;

/** What the pasted text says: each CORS failure in it, explained and matched to a captured request. */
export function PasteResults({ text, state }: { text: string; state: PanelState }) {
  const parsed = useMemo(() => parseConsoleMessages(text), [text]);
  return (
    <>
      {text.trim() !== "" && parsed.length === 0 ? (
        <p class="note" data-testid="console-paste-none">
          {CONSOLE_NOTHING_RECOGNISED}
        </p>
      ) : null}
      <ul class="paste-results">
        {parsed.map((item, index) => (
          <PasteResult key={`${item.url ?? ""}${index}`} item={item} state={state} />
        ))}
      </ul>
    </>
  );
}

function PasteResult({ item, state }: { item: ParsedConsoleError; state: PanelState }) {
  const rows = state.rows.value;
  const index = matchToRequest(
    item,
    rows.map((row) => ({
      url: row.captured.exchange.hops[row.captured.exchange.hops.length - 1]?.request.url ?? "",
      method: row.captured.exchange.hops[0]?.request.method,
      startedMs: row.captured.startedMs,
    })),
  );
  const matched = index >= 0 ? rows[index] : undefined;
  const names = item.corsError ? [item.corsError] : item.candidates;
  const intro = pasteCandidatesIntro(names.length, matched !== undefined);
  const unmatched = pasteUnmatchedNote(names.length, matched !== undefined);
  return (
    <li
      data-testid="console-paste-result"
      data-cors-error={item.corsError ?? ""}
      data-matched={matched ? "true" : "false"}
    >
      <strong>{BROWSER_NAME[item.browser]}</strong>
      {item.url ? (
        <>
          {" "}
          about <code>{item.url}</code>
        </>
      ) : null}
      {item.status !== null ? <> (status {item.status})</> : null}
      {names.length === 0 && item.code ? (
        <p>
          <strong>{CODE_TEXT[item.code].title}.</strong> {CODE_TEXT[item.code].explain({})}
        </p>
      ) : null}
      {intro ? <p>{intro}</p> : null}
      {names.map((name) => (
        <p key={name}>
          <code>{name}</code> — <strong>{CORS_ERROR_TEXT[name].title}.</strong>{" "}
          {CORS_ERROR_TEXT[name].explain(item.failedParameter ?? "")}
        </p>
      ))}
      {matched ? (
        <button type="button" data-testid="console-paste-select" onClick={() => state.select(matched.id)}>
          Show the captured request
        </button>
      ) : unmatched ? (
        <p class="note">{unmatched}</p>
      ) : null}
    </li>
  );
}
