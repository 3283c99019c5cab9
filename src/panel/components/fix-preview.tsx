/**
 * "Preview this fix": the button under the proposed server change, or the reason a header rewrite
 * cannot show this fix. Loaded with its own chunk when the fix area shows a server change.
 */

import type { Signal } from "@preact/signals";
import { useState } from "preact/hooks";
import { explainPreviewBlock, PREVIEW_BUTTON_TEXT, PREVIEW_HOW_TEXT } from "../../explain/preview-block-texts.js";
import { fixPreviewRule, isPreviewBlock, previewBlock } from "../../fixes/preview-rule.js";
import type { FixPlan } from "../../fixes/types.js";
import type { PanelServices } from "../services.js";
import { createFixPreviewState, type FixPreviewView } from "../state/fix-preview.js";
import type { Row } from "../state/panel-state.js";

export function FixPreview({
  row,
  plan,
  preview,
  services,
}: {
  row: Row;
  plan: FixPlan;
  preview: Signal<FixPreviewView | null>;
  services: PanelServices;
}) {
  const [status, setStatus] = useState<{ kind: "idle" | "starting" } | { kind: "failed"; message: string }>({
    kind: "idle",
  });
  const load = services.fixPreview;
  // No preview in this build (Firefox): no words about one either.
  if (!load || row.diagnosis.verdict !== "blocked") return null;
  const block = previewBlock(row.captured.exchange, row.diagnosis, plan);
  if (block) {
    return (
      <p class="note preview-unavailable" data-testid="preview-unavailable" data-code={block.code}>
        {explainPreviewBlock(block)}
      </p>
    );
  }
  const pageOrigin = row.captured.exchange.initiatorOrigin?.value ?? row.diagnosis.questions.origin.value;
  const active = preview.value?.active ?? null;

  const loadService = load;
  async function start() {
    setStatus({ kind: "starting" });
    try {
      const service = await loadService();
      const built = fixPreviewRule({ plan, pageOrigin: pageOrigin ?? "", tabId: service.tabId });
      if (isPreviewBlock(built)) {
        setStatus({ kind: "failed", message: explainPreviewBlock(built) });
        return;
      }
      const started = await service.start({ rule: built.rule, hostPermissions: built.hostPermissions });
      if (!started.ok) {
        setStatus({ kind: "failed", message: started.message });
        return;
      }
      const store =
        preview.peek() ??
        createFixPreviewState((view) => {
          preview.value = view;
        });
      store.began(
        { apiHost: built.apiHost, apiOrigin: built.apiOrigin, pageOrigin: built.pageOrigin, rule: built.rule },
        started.remove,
      );
      setStatus({ kind: "idle" });
    } catch (error) {
      setStatus({
        kind: "failed",
        message: `The preview could not start: ${String((error as Error)?.message ?? error)}`,
      });
    }
  }

  return (
    <div class="fix-preview" data-testid="fix-preview">
      {active ? (
        <p class="note">A fix preview is active for {active.apiHost}: repeat the action in the page.</p>
      ) : (
        <>
          <button
            type="button"
            data-testid="preview-fix"
            disabled={status.kind === "starting"}
            onClick={() => void start()}
          >
            {PREVIEW_BUTTON_TEXT}
          </button>{" "}
          <span class="note">{PREVIEW_HOW_TEXT}</span>
        </>
      )}
      {status.kind === "failed" ? (
        <p class="error-text" role="alert" data-testid="preview-error">
          {status.message}
        </p>
      ) : null}
    </div>
  );
}
