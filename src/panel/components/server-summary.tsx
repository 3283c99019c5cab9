import { parseUrl } from "../../engine/fetch/origin.js";
import { requestPartText, serverSummaryText } from "../../explain/index.js";
import { type CorsPolicy, type DiagnosedExchange, mergeServerPolicies, type ServerPlan } from "../../fixes/index.js";
import type { Row } from "../state/panel-state.js";

/** The server a row's request went to (its diagnosed hop). */
function serverOf(row: Row): string | null {
  const hop = row.captured.exchange.hops[row.diagnosis.hop] ?? row.captured.exchange.hops[0];
  return hop ? (parseUrl(hop.request.url)?.origin ?? null) : null;
}

/** The merged plan for the server of `row`, from every row to that server. */
export function serverPlanFor(row: Row, rows: readonly Row[]): ServerPlan | null {
  const server = serverOf(row);
  if (!server) return null;
  const items: DiagnosedExchange[] = rows
    .filter((r) => serverOf(r) === server)
    .map((r) => ({ exchange: r.captured.exchange, diagnosis: r.diagnosis }));
  return mergeServerPolicies(items).find((plan) => plan.server === server) ?? null;
}

/**
 * A per-server line next to the request's own diagnosis: "api.example.com: 3 blocked requests of
 * 5, one change covers all 5", then this request's part of that change. Self-contained, so the
 * panel layout can move it.
 */
export function ServerSummary({ plan, own }: { plan: ServerPlan | null; own?: CorsPolicy | null }) {
  if (!plan || plan.requests.length < 2) return null;
  return (
    <div class="note server-summary" data-testid="server-summary">
      <p>
        {serverSummaryText(plan)}. The change below is merged from every request to this server, so it keeps the others
        working.
      </p>
      {own ? <p data-testid="request-part">{requestPartText(own)}</p> : null}
    </div>
  );
}
