import type { PanelState } from "../state/panel-state.js";

export function App({ state }: { state: PanelState }) {
  const rows = state.exchanges.value.filter((x) => x.diagnosis.verdict !== "not-cors");
  return (
    <main>
      <table>
        <thead>
          <tr>
            <th>Method</th>
            <th>URL</th>
            <th>Status</th>
            <th>Verdict</th>
            <th>Chrome error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ captured, diagnosis }) => {
            const hop = captured.exchange.hops[0];
            return (
              <tr
                key={captured.id}
                data-testid="exchange-row"
                data-url={hop?.request.url ?? ""}
                data-method={hop?.request.method ?? ""}
                data-verdict={diagnosis.verdict}
                data-cors-error={diagnosis.corsError ?? ""}
              >
                <td>{hop?.request.method}</td>
                <td>{hop?.request.url}</td>
                <td>{captured.exchange.hops.at(-1)?.response.status}</td>
                <td>{diagnosis.verdict}</td>
                <td>{diagnosis.corsError ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </main>
  );
}
