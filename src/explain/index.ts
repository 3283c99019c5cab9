/** The one formatter: codes in, words out, for the panel, the CLI and reports. */

export { AUDIT_TEXT, type AuditText } from "./audit.js";
export { CODE_TEXT, type CodeText, describeNearMiss } from "./code-texts.js";
export { CONSOLE_NOTHING_RECOGNISED, pasteCandidatesIntro, pasteUnmatchedNote } from "./console-texts.js";
export { CORS_ERROR_TEXT, type CorsErrorText } from "./cors-error-texts.js";
export {
  CLIENT_CHANGE_TEXT,
  type FixText,
  LINT_TEXT,
  NEUTRAL_ACTUAL_HEADING,
  NEUTRAL_PREFLIGHT_HEADING,
  neutralHeadersText,
  neutralHeaderText,
  requestPartText,
  serverFixWhy,
  serverSummaryText,
  TARGETED_TEXT,
  verificationLabel,
} from "./fix-texts.js";
export {
  type Answer,
  answerQuestions,
  chromeConsoleMessage,
  codeTitle,
  describeTrigger,
  type ExplainedItem,
  explainCorsError,
  explainDiagnosis,
  explainFinding,
  formatEvidence,
  headline,
} from "./format.js";
export { explainLayerWhy, LAYER_LABEL, LAYER_WHY_TEXT } from "./layer-texts.js";
export { describeMode, describeModeAnswer } from "./mode-texts.js";
export {
  describePolicyRequest,
  EMPTY_POLICY_NOTE,
  emittedPolicySummary,
  policyCheckSummary,
  RULE_KIND_TEXT,
  RULE_OUTCOME_TEXT,
  RULE_SKIPPED_TEXT,
} from "./policy-texts.js";
export {
  explainPreviewBlock,
  PREVIEW_BLOCK_TEXT,
  PREVIEW_BUTTON_TEXT,
  PREVIEW_HOW_TEXT,
  previewedVerdictText,
} from "./preview-block-texts.js";
export { PREVIEW_ENDED_TEXT, PREVIEWED_TAG, previewBannerText } from "./preview-texts.js";
export { PREFLIGHT_GAP_TEXT } from "./producer-texts.js";
// Apart from format.js, so the panel's list shows verdicts without loading the explanation texts.
export { VERDICT_LABEL, VERDICT_TAG, VERDICT_TOTAL } from "./verdict.js";
