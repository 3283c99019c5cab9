import { useState } from "preact/hooks";
import { CLIENT_CHANGE_TEXT, explainLayerWhy, LINT_TEXT } from "../../explain/index.js";
import {
  aimPlan,
  detectStacks,
  generateFix,
  type LintFinding,
  lintPolicy,
  planFix,
  STACK_GENERATORS,
  STACK_IDS,
  type StackId,
} from "../../fixes/index.js";
import type { PanelServices } from "../services.js";
import type { Row } from "../state/panel-state.js";
import { ServerSummary, serverPlanFor } from "./server-summary.js";
import { onTablistKeyDown } from "./tablist-keys.js";

const KNOWN: ReadonlySet<StackId> = new Set(STACK_IDS);

/** The user's last choice, shared by every row while the panel is open. */
let lastChosen: StackId | null = null;

/**
 * What to change: the page-side changes when the cause is in the page, then the smallest safe
 * server change for each stack (the detected one first), then the security lint of what the server
 * showed. Snippets are text, never HTML.
 */
export function FixArea({ row, rows, services }: { row: Row; rows?: readonly Row[]; services: PanelServices }) {
  const exchange = row.captured.exchange;
  const ownPlan = planFix(exchange, row.diagnosis);
  // The server's merged plan (every request to it), so a pasted change keeps the others working.
  const serverPlan = ownPlan && rows ? serverPlanFor(row, rows) : null;
  const guesses = detectStacks(exchange, KNOWN, row.diagnosis);
  const layer = guesses[0]?.layer ?? null;
  const merged = ownPlan && serverPlan?.plan ? { ...serverPlan.plan, clientChanges: ownPlan.clientChanges } : ownPlan;
  const plan = merged && aimPlan(merged, layer);
  const [chosen, setChosen] = useState<StackId | null>(null);
  const [copied, setCopied] = useState(false);
  const lint = lintPolicy(exchange, row.diagnosis);
  if (!plan) return lint.length > 0 ? <LintList lint={lint} /> : null;

  const stack: StackId = chosen ?? lastChosen ?? guesses[0]?.stack ?? (STACK_IDS[0] as StackId);
  const fix = plan.serverChangeHelps ? generateFix(plan, stack) : null;
  const choose = (id: StackId) => {
    lastChosen = id;
    setChosen(id);
    setCopied(false);
  };
  const owned = STACK_IDS.filter((id) => !STACK_GENERATORS[id].alternative);
  const alternatives = STACK_IDS.filter((id) => STACK_GENERATORS[id].alternative);

  return (
    <div class="fix-area" data-testid="fix-area">
      <h3>What to change</h3>
      <ServerSummary plan={serverPlan} />
      {plan.clientChanges.length > 0 ? (
        <ul class="client-changes" data-testid="client-changes">
          {plan.clientChanges.map((change) => (
            <li key={change.code}>
              <strong>In the page: {CLIENT_CHANGE_TEXT[change.code].title}.</strong>{" "}
              {CLIENT_CHANGE_TEXT[change.code].explain(change.args)}
            </li>
          ))}
        </ul>
      ) : null}
      {fix ? (
        <>
          {layer ? (
            <p class="note" data-testid="fix-layer">
              {explainLayerWhy(layer.why)}
            </p>
          ) : null}
          <p class="note">
            {guesses[0] ? (
              <>
                Detected <strong>{STACK_GENERATORS[guesses[0].stack].label}</strong> ({guesses[0].confidence}{" "}
                confidence: <code>{guesses[0].evidence[0]}</code>).{" "}
              </>
            ) : (
              "The response headers do not say which server answered; pick yours. "
            )}
            {plan.policy.origins.length === 1 && plan.policy.origins[0] === "*" ? (
              <>
                The change keeps <code>*</code>, which works today for this public API without credentials, and allows
                the methods and headers the requests to this server use.
              </>
            ) : (
              <>
                The change allows exactly <code>{plan.policy.origins.join(", ")}</code>
                {plan.policy.credentials ? " with credentials" : ""}, the methods and headers the requests to this
                server use, and nothing else.
              </>
            )}
          </p>
          <div
            class="stack-tabs"
            role="tablist"
            aria-label="Server stack"
            onKeyDown={(e) => onTablistKeyDown(e, [...owned, ...alternatives], stack, choose)}
          >
            {owned.map((id) => (
              <StackTab
                key={id}
                id={id}
                selected={id === stack}
                detected={guesses.some((g) => g.stack === id)}
                onSelect={choose}
              />
            ))}
            {alternatives.length > 0 ? <span class="tab-group-label">Not your API:</span> : null}
            {alternatives.map((id) => (
              <StackTab key={id} id={id} selected={id === stack} detected={false} onSelect={choose} />
            ))}
          </div>
          <div
            class="stack-fix"
            role="tabpanel"
            data-testid="stack-fix"
            data-stack={fix.stack}
            data-verified={String(fix.verified)}
          >
            <p>
              <strong>{fix.label}</strong>{" "}
              <span
                class={`verified-label ${fix.verified === true ? "yes" : fix.verified === "emulator" ? "emulator" : "no"}`}
              >
                {fix.verified === true
                  ? "✓ verified on a real server in CI"
                  : fix.verified === "emulator"
                    ? "✓ verified in CI on an emulator, not the real service"
                    : "not verified (no server to run it on in CI)"}
              </span>
            </p>
            <p class="where">{fix.where}</p>
            <pre class="command snippet" data-testid="fix-snippet">
              {fix.snippet}
            </pre>
            <button
              type="button"
              data-testid="copy-fix"
              onClick={async () => {
                await services.copyText(fix.snippet);
                setCopied(true);
              }}
            >
              Copy
            </button>
            {copied ? (
              <span class="copied" role="status">
                {" "}
                Copied.
              </span>
            ) : null}
            {fix.traps.length > 0 ? (
              <ul class="traps">
                {fix.traps.map((trap) => (
                  <li key={trap}>{trap}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </>
      ) : plan.clientChanges.length === 0 ? null : (
        <p class="note">No server change fixes this; the change belongs in the page.</p>
      )}
      {lint.length > 0 ? <LintList lint={lint} /> : null}
    </div>
  );
}

function StackTab({
  id,
  selected,
  detected,
  onSelect,
}: {
  id: StackId;
  selected: boolean;
  detected: boolean;
  onSelect: (id: StackId) => void;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      class={`stack-tab${selected ? " selected" : ""}${detected ? " detected" : ""}`}
      data-testid="stack-tab"
      data-stack={id}
      onClick={() => onSelect(id)}
    >
      {STACK_GENERATORS[id].label}
    </button>
  );
}

const LINT_SEVERITY_LABEL = { high: "High", medium: "Medium", low: "Low", info: "Note" } as const;

function LintList({ lint }: { lint: readonly LintFinding[] }) {
  return (
    <div class="lint" data-testid="lint">
      <h3>Security check of the server's policy</h3>
      <ul>
        {lint.map((item) => (
          <li key={item.code} class={`lint-${item.severity}`} data-code={item.code}>
            <span class="severity">{LINT_SEVERITY_LABEL[item.severity]}</span>{" "}
            <strong>{LINT_TEXT[item.code].title}.</strong> {LINT_TEXT[item.code].explain({})}
            {item.evidence.length > 0 ? <pre class="evidence">{item.evidence.join("\n")}</pre> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
