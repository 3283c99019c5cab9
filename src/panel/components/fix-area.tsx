import type { Signal } from "@preact/signals";
import { useState } from "preact/hooks";
import {
  CLIENT_CHANGE_TEXT,
  explainLayerWhy,
  LINT_TEXT,
  NEUTRAL_ACTUAL_HEADING,
  NEUTRAL_PREFLIGHT_HEADING,
  neutralHeadersText,
  neutralHeaderText,
} from "../../explain/index.js";
import {
  aimPlan,
  detectStacks,
  type FixPlan,
  generateFix,
  type LintFinding,
  lintPolicy,
  neutralFix,
  planFix,
  STACK_GENERATORS,
  STACK_IDS,
  type StackId,
} from "../../fixes/index.js";
import type { PanelServices } from "../services.js";
import type { FixPreviewView } from "../state/fix-preview.js";
import type { Row } from "../state/panel-state.js";
import { FixPreview } from "./fix-preview.js";
import { ServerSummary, serverPlanFor } from "./server-summary.js";
import { onTablistKeyDown } from "./tablist-keys.js";

const KNOWN: ReadonlySet<StackId> = new Set(STACK_IDS);

/** The stacks offered as tabs when the response does not say which one answered; the rest are under "More". */
const COMMON_STACKS: readonly StackId[] = ["express", "nginx", "fastapi", "django", "spring", "aspnet"];
const TAB_COUNT = 6;

/** The user's last choice, shared by every row while the panel is open. */
let lastChosen: StackId | null = null;

/**
 * What to change: the page-side changes when the cause is in the page, then the server's merged
 * change (this request's part of it named): the snippet for the detected stack, or, when the
 * response does not say which server answered, the exact headers to send and a short stack picker.
 * Snippets are text, never HTML.
 */
export function FixArea({
  row,
  rows,
  services,
  preview,
}: {
  row: Row;
  rows?: readonly Row[];
  services: PanelServices;
  /** The panel's preview state (created on first use); without it no preview is offered. */
  preview?: Signal<FixPreviewView | null>;
}) {
  const exchange = row.captured.exchange;
  const ownPlan = planFix(exchange, row.diagnosis);
  // The server's merged plan (every request to it), so a pasted change keeps the others working.
  const serverPlan = ownPlan && rows ? serverPlanFor(row, rows) : null;
  const guesses = detectStacks(exchange, KNOWN, row.diagnosis);
  const layer = guesses[0]?.layer ?? null;
  const merged = ownPlan && serverPlan?.plan ? { ...serverPlan.plan, clientChanges: ownPlan.clientChanges } : ownPlan;
  const plan = merged && aimPlan(merged, layer);
  const [chosen, setChosen] = useState<StackId | null>(null);
  const [copied, setCopied] = useState<"fix" | "neutral" | null>(null);
  const lint = lintPolicy(exchange, row.diagnosis);
  if (!plan) return lint.length > 0 ? <LintList lint={lint} /> : null;

  const detected = guesses[0]?.stack ?? null;
  // What the response shows beats a choice made for another row; that choice serves rows that show nothing.
  const stack: StackId | null = chosen ?? detected ?? lastChosen;
  const fix = plan.serverChangeHelps && stack ? generateFix(plan, stack) : null;
  const choose = (id: StackId) => {
    lastChosen = id;
    setChosen(id);
    setCopied(null);
  };
  const copy = async (which: "fix" | "neutral", text: string) => {
    await services.copyText(text);
    setCopied(which);
  };
  const likely = [
    ...new Set<StackId>([...guesses.map((g) => g.stack), ...(stack ? [stack] : []), ...COMMON_STACKS]),
  ].slice(0, TAB_COUNT);

  return (
    <div class="fix-area" data-testid="fix-area">
      <h3>What to change</h3>
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
      {plan.serverChangeHelps ? (
        <>
          <ServerSummary plan={serverPlan} own={ownPlan?.policy ?? null} />
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
              "The response headers do not say which server answered: send these headers, then pick your stack for the code. "
            )}
            <PolicyWords plan={plan} />
          </p>
          {preview && row.diagnosis.verdict === "blocked" ? (
            <FixPreview row={row} plan={plan} preview={preview} services={services} />
          ) : null}
          {detected ? null : (
            <NeutralHeaders plan={plan} copied={copied === "neutral"} onCopy={(text) => copy("neutral", text)} />
          )}
          <StackPicker likely={likely} stack={stack} detected={guesses.map((g) => g.stack)} onSelect={choose} />
          {fix ? (
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
              <button type="button" data-testid="copy-fix" onClick={() => copy("fix", fix.snippet)}>
                Copy
              </button>
              {copied === "fix" ? (
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
          ) : null}
        </>
      ) : plan.clientChanges.length === 0 ? null : (
        <p class="note">No server change fixes this; the change belongs in the page.</p>
      )}
      {lint.length > 0 ? <LintList lint={lint} /> : null}
    </div>
  );
}

function PolicyWords({ plan }: { plan: FixPlan }) {
  return plan.policy.origins.length === 1 && plan.policy.origins[0] === "*" ? (
    <>
      The change keeps <code>*</code>, which works today for this public API without credentials, and allows the methods
      and headers the requests to this server use.
    </>
  ) : (
    <>
      The change allows exactly <code>{plan.policy.origins.join(", ")}</code>
      {plan.policy.credentials ? " with credentials" : ""}, the methods and headers the requests to this server use, and
      nothing else.
    </>
  );
}

/** The exact response headers, stack-neutral: what leads when the stack is not recognised. */
function NeutralHeaders({ plan, copied, onCopy }: { plan: FixPlan; copied: boolean; onCopy: (text: string) => void }) {
  const neutral = neutralFix(plan);
  return (
    <div class="neutral-headers" data-testid="neutral-headers">
      {neutral.preflight ? (
        <>
          <p class="headers-label">On the {NEUTRAL_PREFLIGHT_HEADING}</p>
          <pre class="command">{neutral.preflight.map(neutralHeaderText).join("\n")}</pre>
        </>
      ) : null}
      <p class="headers-label">On {NEUTRAL_ACTUAL_HEADING}</p>
      <pre class="command">{neutral.actual.map(neutralHeaderText).join("\n")}</pre>
      <button type="button" data-testid="copy-neutral" onClick={() => onCopy(neutralHeadersText(neutral))}>
        Copy the headers
      </button>
      {copied ? (
        <span class="copied" role="status">
          {" "}
          Copied.
        </span>
      ) : null}
    </div>
  );
}

/** A few likely stacks as tabs, every other one in a "More stacks" list (27 chips were too many). */
function StackPicker({
  likely,
  stack,
  detected,
  onSelect,
}: {
  likely: readonly StackId[];
  stack: StackId | null;
  detected: readonly StackId[];
  onSelect: (id: StackId) => void;
}) {
  const owned = STACK_IDS.filter((id) => !STACK_GENERATORS[id].alternative);
  const alternatives = STACK_IDS.filter((id) => STACK_GENERATORS[id].alternative);
  // One Tab stop for the tabs (arrow keys move between them): the chosen tab, else the first.
  const current = stack !== null && likely.includes(stack) ? stack : likely[0];
  return (
    <div class="stack-picker">
      <div
        class="stack-tabs"
        role="tablist"
        aria-label="Server stack"
        onKeyDown={(e) => current !== undefined && onTablistKeyDown(e, likely, current, onSelect)}
      >
        {likely.map((id) => (
          <StackTab
            key={id}
            id={id}
            selected={id === stack}
            focusable={id === current}
            detected={detected.includes(id)}
            onSelect={onSelect}
          />
        ))}
      </div>
      <label class="stack-more">
        More stacks{" "}
        <select
          data-testid="stack-select"
          value={stack && !likely.includes(stack) ? stack : ""}
          onChange={(e) => {
            const id = (e.currentTarget as HTMLSelectElement).value as StackId;
            if (KNOWN.has(id)) onSelect(id);
          }}
        >
          <option value="">…</option>
          <optgroup label="Your API">
            {owned.map((id) => (
              <option key={id} value={id}>
                {STACK_GENERATORS[id].label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Not your API: a proxy in front of it">
            {alternatives.map((id) => (
              <option key={id} value={id}>
                {STACK_GENERATORS[id].label}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
    </div>
  );
}

function StackTab({
  id,
  selected,
  focusable,
  detected,
  onSelect,
}: {
  id: StackId;
  selected: boolean;
  focusable: boolean;
  detected: boolean;
  onSelect: (id: StackId) => void;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
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
