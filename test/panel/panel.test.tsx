import { readFileSync } from "node:fs";
import { join } from "node:path";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/panel/components/app.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";
import { FakeNetwork, fakeServices, givePanelSizedLayout } from "./fake-services.js";

const SAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har"), "utf8"),
) as {
  entries: unknown[];
};

function setup(cap?: number) {
  const state = createPanelState({ cap, schedule: (flush) => flush() });
  const fakes = fakeServices(new FakeNetwork(SAMPLE, "http://127.0.0.1:8781/?delay=300"));
  render(<App state={state} services={fakes.services} />);
  return { state, ...fakes };
}

function rows() {
  return screen.queryAllByTestId("exchange-row");
}

/**
 * The detail view, the fix and curl areas, the console reader and the report load on demand
 * (dynamic import): wait for the real element. Generous, since the first import of a chunk is
 * transformed on the fly here.
 */
function shown(testId: string): Promise<HTMLElement> {
  return screen.findByTestId(testId, undefined, { timeout: 10_000 });
}

givePanelSizedLayout();

afterEach(cleanup);

// 10,000-row sessions and waits of up to 10 s for the panel: beyond the 5 s default on a loaded machine.
describe("the CORS panel", { timeout: 60_000 }, () => {
  it("lists cross-origin requests with the test contract's attributes, hiding not-CORS ones by default", () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    const listed = rows();
    expect(listed).toHaveLength(10);
    const pf404 = listed.find((r) => r.dataset.url === "http://127.0.0.1:8782/pf404");
    expect(pf404?.dataset).toMatchObject({
      method: "DELETE",
      verdict: "blocked",
      corsError: "PreflightMissingAllowOriginHeader",
    });
    expect(pf404?.textContent).toContain("preflight failed — actual request never sent");
    const ok = listed.find((r) => r.dataset.url === "http://127.0.0.1:8782/ok");
    expect(ok?.dataset.verdict).toBe("allowed");
    expect(ok?.getAttribute("data-cors-error")).toBe("");

    act(() => {
      fireEvent.click(screen.getByTestId("show-not-cors"));
    });
    expect(rows()).toHaveLength(13);
  });

  it("filters by text and by 'blocked only'", () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    act(() => {
      fireEvent.click(screen.getByTestId("blocked-only"));
    });
    expect(rows().every((r) => r.dataset.verdict === "blocked")).toBe(true);
    expect(rows()).toHaveLength(8);
    act(() => {
      fireEvent.input(screen.getByTestId("filter"), { target: { value: "wildcardorigin" } });
    });
    expect(rows().map((r) => r.dataset.url)).toEqual(["http://127.0.0.1:8782/wildcard"]);
  });

  it("shows the diagnosis, the five questions and the offending header for the selected request", async () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    const row = rows().find((r) => r.dataset.url === "http://127.0.0.1:8782/pfnoheaders");
    act(() => {
      fireEvent.click(row as HTMLElement);
    });
    const detail = await shown("detail");
    expect(detail.dataset.corsError).toBe("HeaderDisallowedByPreflightResponse");
    expect(within(detail).getByTestId("headline").textContent).toContain(
      "Blocked: Request header not allowed by the preflight.",
    );
    expect(within(detail).getByTestId("cors-error").textContent).toContain("authorization");
    const questions = within(detail).getByTestId("questions").textContent ?? "";
    expect(questions).toContain("What is my origin? http://127.0.0.1:8781");
    expect(questions).toContain("the header authorization is not CORS-safelisted");
    const highlighted = detail.querySelectorAll("[data-highlighted='true']");
    const texts = [...highlighted].map((e) => e.textContent?.toLowerCase() ?? "");
    expect(texts.some((t) => t.startsWith("access-control-request-headers:"))).toBe(true);
    expect(texts.some((t) => t.startsWith("authorization:"))).toBe(true);
  });

  /** The detail's sections, in document order, by test id. */
  function sectionOrder(detail: HTMLElement): string[] {
    const ids = ["headline", "findings", "fix-area", "request-mode", "questions", "warnings", "headers", "copy-area"];
    return [...detail.querySelectorAll<HTMLElement>("[data-testid]")]
      .map((e) => e.dataset.testid ?? "")
      .filter((id, i, all) => ids.includes(id) && all.indexOf(id) === i);
  }

  it("orders the detail as a developer acts: verdict, cause, the change, the five questions, then the headers", async () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    act(() => {
      fireEvent.click(rows().find((r) => r.dataset.url?.endsWith("/pfnoheaders")) as HTMLElement);
    });
    await shown("fix-area");
    const detail = await shown("copy-area").then(() => screen.getByTestId("detail"));
    expect(sectionOrder(detail)).toEqual([
      "headline",
      "findings",
      "fix-area",
      "request-mode",
      "questions",
      "warnings",
      "headers",
      "copy-area",
    ]);
    // The headers are collapsed, name the offending line, and open on it, highlighted.
    const headers = within(detail).getByTestId("headers") as HTMLDetailsElement;
    expect(headers.tagName).toBe("DETAILS");
    expect(headers.open).toBe(false);
    expect(within(headers).getByTestId("offending-line").textContent).toContain(
      "no Access-Control-Allow-Headers header",
    );
    expect(headers.querySelector("[data-highlighted='true']")?.textContent?.toLowerCase()).toContain(
      "access-control-request-headers: authorization,content-type",
    );
    expect(headers.querySelector(".column.leg-preflight")).not.toBeNull();
    // It failed at the preflight: the preview starts on the OPTIONS the browser sent.
    expect(within(detail).getByTestId("command-preview").textContent).toContain("-X 'OPTIONS'");
  });

  it("shows no preflight for a simple request, reproduces the request the browser sent, and puts warnings after the questions", async () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    act(() => {
      fireEvent.click(rows().find((r) => r.dataset.url === "http://127.0.0.1:8782/nocors") as HTMLElement);
    });
    const preview = await shown("command-preview");
    const detail = screen.getByTestId("detail");
    expect(detail.querySelector(".column.leg-preflight")).toBeNull();
    expect(detail.textContent).not.toContain("Preflight: none captured");
    expect(within(detail).queryByTestId("copy-preflight")).toBeNull();
    expect(preview.textContent).toMatch(/^curl /);
    expect(preview.textContent).not.toContain("OPTIONS");
    // No stack detected: the exact headers first, then a few stacks and a list of the rest.
    const fix = await shown("fix-area");
    const neutral = within(fix).getByTestId("neutral-headers");
    expect(neutral.textContent).toContain("Access-Control-Allow-Origin: http://127.0.0.1:8781");
    const select = within(fix).getByTestId("stack-select") as HTMLSelectElement;
    expect(neutral.compareDocumentPosition(select) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(fix).getAllByTestId("stack-tab").length).toBeLessThanOrEqual(6);
    expect(select.querySelectorAll("option").length).toBeGreaterThan(20);
    expect(within(fix).queryByTestId("fix-snippet")).toBeNull();
    act(() => {
      fireEvent.change(select, { target: { value: "caddy" } });
    });
    expect(within(fix).getByTestId("stack-fix").dataset.stack).toBe("caddy");

    act(() => {
      fireEvent.click(rows().find((r) => r.dataset.url === "http://127.0.0.1:8782/pfok") as HTMLElement);
    });
    await waitFor(() => expect(screen.getByTestId("detail").dataset.verdict).toBe("allowed"));
    const allowed = screen.getByTestId("detail");
    const order = sectionOrder(allowed);
    expect(order).toContain("warnings");
    expect(order.indexOf("warnings")).toBeGreaterThan(order.indexOf("questions"));
    expect(within(allowed).getByTestId("warnings").textContent).toContain("Vary: Origin is missing");
  });

  it("copies the preflight exactly as the browser sends it, with secrets redacted by default", async () => {
    const { state, copied } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    act(() => {
      fireEvent.click(rows().find((r) => r.dataset.url?.endsWith("/pfnoheaders")) as HTMLElement);
    });
    const copyPreflight = await shown("copy-preflight");
    await act(async () => {
      fireEvent.click(copyPreflight);
    });
    expect(copied.at(-1)).toBe(
      "curl -i -X 'OPTIONS' --globoff --url 'http://127.0.0.1:8782/pfnoheaders' \\\n  -H 'Origin: http://127.0.0.1:8781' \\\n  -H 'Access-Control-Request-Method: PUT' \\\n  -H 'Access-Control-Request-Headers: authorization,content-type'",
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId("copy-actual"));
    });
    expect(copied.at(-1)).toContain("-H 'Authorization: Bearer [redacted]'");
    act(() => {
      fireEvent.click(screen.getByTestId("include-secrets"));
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId("copy-actual"));
    });
    expect(copied.at(-1)).toContain("-H 'Authorization: Bearer x'");
    const flavors = [...(screen.getByTestId("shell-flavor") as HTMLSelectElement).options].map((o) => o.text);
    expect(flavors).toEqual(["bash", "Windows cmd", "PowerShell 7", "Windows PowerShell 5.1"]);
  });

  it("moves the selection with the keyboard", () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    const list = screen.getByTestId("exchange-list");
    act(() => {
      fireEvent.keyDown(list, { key: "ArrowDown" });
    });
    expect(state.selectedId.value).toBe(state.visibleRows.value[0]?.id);
    act(() => {
      fireEvent.keyDown(list, { key: "ArrowDown" });
    });
    expect(state.selectedId.value).toBe(state.visibleRows.value[1]?.id);
    act(() => {
      fireEvent.keyDown(list, { key: "End" });
    });
    expect(state.selectedId.value).toBe(state.visibleRows.value.at(-1)?.id);
  });

  it("clears on navigation unless Preserve log is on", () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    act(() => {
      fireEvent.click(screen.getByTestId("preserve-log"));
    });
    act(() => state.navigated("http://127.0.0.1:8781/next"));
    expect(rows()).toHaveLength(10);
    act(() => {
      fireEvent.click(screen.getByTestId("preserve-log"));
    });
    act(() => state.navigated("http://127.0.0.1:8781/again"));
    expect(rows()).toHaveLength(0);
    expect(screen.getByTestId("capture-hint").textContent).toContain("cannot be seen here");
  });

  describe("on navigation, keeps what the new page requested, whichever comes first", () => {
    type Entry = { startedDateTime: string; request: { url: string } };
    const documentEntry = SAMPLE.entries[0] as Entry;
    const documentStart = Date.parse(documentEntry.startedDateTime);
    const pageRequests = SAMPLE.entries.slice(1);
    const fetched = SAMPLE.entries[2] as Entry;
    const previousPage = {
      ...fetched,
      startedDateTime: new Date(documentStart - 60_000).toISOString(),
      request: { ...fetched.request, url: "http://127.0.0.1:8782/nocors?page=previous" },
    };
    const urls = () => rows().map((r) => r.dataset.url);

    it("the event after the new page's requests and its document (Firefox)", () => {
      const { state } = setup();
      act(() => void state.addEntries([previousPage, ...SAMPLE.entries]));
      expect(rows()).toHaveLength(11);
      act(() => state.navigated(documentEntry.request.url, documentStart + 2_000));
      expect(urls()).not.toContain("http://127.0.0.1:8782/nocors?page=previous");
      expect(rows()).toHaveLength(10);
    });

    it("the event after the new page's requests, its document last (Firefox)", () => {
      const { state } = setup();
      act(() => void state.addEntries([previousPage, ...pageRequests]));
      act(() => state.navigated(documentEntry.request.url, documentStart + 2_000));
      expect(rows()).toHaveLength(0);
      act(() => void state.addEntries([documentEntry]));
      expect(urls()).not.toContain("http://127.0.0.1:8782/nocors?page=previous");
      expect(rows()).toHaveLength(10);
    });

    it("the event first, then a reload's event before its document (Chromium)", () => {
      const { state } = setup();
      act(() => state.navigated(documentEntry.request.url, documentStart + 100));
      act(() => void state.addEntries(SAMPLE.entries));
      expect(rows()).toHaveLength(10);
      act(() => state.navigated(documentEntry.request.url, documentStart + 5_000));
      expect(rows()).toHaveLength(0);
      // The reloaded document arrives: nothing of the previous load comes back.
      const reloaded = { ...documentEntry, startedDateTime: new Date(documentStart + 4_900).toISOString() };
      act(() => void state.addEntries([reloaded]));
      expect(rows()).toHaveLength(0);
    });
  });

  it("shows Chrome's own verdict and flags a disagreement (precise mode)", async () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    act(() =>
      state.addChromeReport({
        id: "1",
        url: "http://127.0.0.1:8782/pfnoheaders",
        method: "PUT",
        corsError: "HeaderDisallowedByPreflightResponse",
        failedParameter: "authorization",
        errorText: "net::ERR_FAILED",
        consoleText: null,
        timeMs: null,
      }),
    );
    act(() =>
      state.addChromeReport({
        id: "2",
        url: "http://127.0.0.1:8782/nocors",
        method: "GET",
        corsError: "AllowOriginMismatch",
        failedParameter: "x",
        errorText: "net::ERR_FAILED",
        consoleText: null,
        timeMs: null,
      }),
    );
    const agree = rows().find((r) => r.dataset.url?.endsWith("/pfnoheaders"));
    const disagree = rows().find((r) => r.dataset.url?.endsWith("/nocors"));
    expect(agree?.dataset.disagrees).toBe("false");
    expect(disagree?.dataset.disagrees).toBe("true");
    act(() => {
      fireEvent.click(disagree as HTMLElement);
    });
    expect((await shown("chrome-says")).textContent).toContain("AllowOriginMismatch");
  });

  it("keeps memory bounded: 10,000 rows by default, the oldest dropped and counted; only visible rows are rendered", () => {
    const { state } = setup();
    const template = (SAMPLE.entries as Array<{ request: { url: string }; startedDateTime: string }>).find((e) =>
      e.request.url.endsWith("/ok"),
    );
    const many = Array.from({ length: 10_500 }, (_, i) => ({
      ...template,
      startedDateTime: new Date(Date.parse("2026-11-22T07:53:24Z") + i).toISOString(),
      request: { ...template?.request, url: `http://127.0.0.1:8782/ok?n=${i}` },
    }));
    act(() => void state.addEntries(many));
    expect(state.rows.value).toHaveLength(10_000);
    expect(screen.getByTestId("counts").textContent).toContain("500 oldest dropped (keeps 10,000)");
    expect(rows().length).toBeLessThan(200);
  });

  it("never renders server-provided text as HTML", async () => {
    const { state } = setup();
    const hostile = JSON.parse(JSON.stringify(SAMPLE.entries.find((e) => JSON.stringify(e).includes('/nocors"'))));
    hostile.response.headers.push({ name: "Access-Control-Allow-Origin", value: "<img src=x onerror=alert(1)>" });
    act(() => void state.addEntries([hostile]));
    act(() => {
      fireEvent.click(rows()[0] as HTMLElement);
    });
    const detail = await shown("detail");
    expect(detail.querySelector("img")).toBeNull();
    expect(detail.textContent).toContain("<img src=x onerror=alert(1)>");
  });

  it("explains a pasted console error and selects the captured request it names", async () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    act(() => {
      fireEvent.click(screen.getByTestId("paste-toggle"));
    });
    const chrome =
      "(index):23 Access to fetch at 'http://127.0.0.1:8782/pf404' from origin 'http://127.0.0.1:8781' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nDELETE http://127.0.0.1:8782/pf404 net::ERR_FAILED";
    act(() => {
      fireEvent.input(screen.getByTestId("console-paste-input"), { target: { value: chrome } });
    });
    const result = await shown("console-paste-result");
    expect(result.dataset).toMatchObject({ corsError: "PreflightMissingAllowOriginHeader", matched: "true" });
    act(() => {
      fireEvent.click(screen.getByTestId("console-paste-select"));
    });
    expect((await shown("detail")).dataset.corsError).toBe("PreflightMissingAllowOriginHeader");
  });

  it("explains a pasted Firefox error even when nothing was captured", async () => {
    setup();
    act(() => {
      fireEvent.click(screen.getByTestId("paste-toggle"));
    });
    const firefox =
      "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/v1. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: 403.";
    act(() => {
      fireEvent.input(screen.getByTestId("console-paste-input"), { target: { value: firefox } });
    });
    const result = await shown("console-paste-result");
    expect(result.dataset.matched).toBe("false");
    expect(result.textContent).toContain("No Access-Control-Allow-Origin header");
    expect(result.textContent).toContain("status 403");
  });

  it("imports a teammate's HAR file, pausing the live capture, and says plainly when a file is not HAR", async () => {
    const { network } = setup();
    const file = new File(
      [readFileSync(join(import.meta.dirname, "../fixtures/har/canaries.har"), "utf8")],
      "teammate.har",
    );
    fireEvent.change(screen.getByTestId("import-har"), { target: { files: [file] } });
    // The file is read as a stream and drawn as it is read: wait for it (bounded).
    await waitFor(() => expect(screen.getByTestId("imported").textContent).toContain("teammate.har"), {
      timeout: 5_000,
    });
    await waitFor(() => expect(screen.queryByTestId("progress")).toBeNull(), { timeout: 5_000 });
    expect(rows().map((r) => r.dataset.corsError)).toEqual([
      "PreflightWildcardOriginNotAllowed",
      "InvalidAllowCredentials",
    ]);
    // Live entries wait while the file is shown (the composition root drops them; the state keeps the file's).
    expect(network.reloads).toBe(0);

    const notHar = new File(['{"hello": 1}'], "notes.json");
    fireEvent.change(screen.getByTestId("import-har"), { target: { files: [notHar] } });
    await waitFor(
      () => expect(screen.getByTestId("import-error").textContent).toContain("notes.json is not a HAR document"),
      { timeout: 5_000 },
    );
    expect(rows()).toHaveLength(2);
    const garbage = new File(["<html>"], "page.html");
    fireEvent.change(screen.getByTestId("import-har"), { target: { files: [garbage] } });
    await waitFor(
      () =>
        expect(screen.getByTestId("import-error").textContent).toContain("page.html is not a HAR file: it is not JSON"),
      { timeout: 5_000 },
    );
  });

  it("aims the fix at the layer that lacks the headers: the Lambda function behind API Gateway, keeping *", async () => {
    const { state } = setup();
    await act(async () => {
      await state.importHar(
        readFileSync(join(import.meta.dirname, "../fixtures/har/aws-apigw-lambda-400.har"), "utf8"),
        "aws-apigw-lambda-400.har",
      );
    });
    act(() => {
      fireEvent.click(rows().find((r) => r.dataset.verdict === "blocked") as HTMLElement);
    });
    expect((await shown("fix-layer")).textContent).toBe(
      "The preflight is answered by API Gateway (REST API) and passes; the 400 comes from your Lambda function, which must return the CORS headers on every response, errors included.",
    );
    const detail = screen.getByTestId("detail");
    expect(detail.textContent).toContain("Detected AWS Lambda (proxy integration, Node.js)");
    expect(detail.textContent).toContain("The change keeps *");
    expect(detail.textContent).toContain('"Access-Control-Allow-Origin": "*"');
  });

  it("exports one request, or every blocked one, as a redacted report", async () => {
    const { state, saved, copied } = setup();
    await act(async () => {
      await state.importHar(
        readFileSync(join(import.meta.dirname, "../fixtures/har/canaries.har"), "utf8"),
        "canaries.har",
      );
    });
    act(() => {
      fireEvent.click(rows()[1] as HTMLElement);
    });
    fireEvent.click(await shown("copy-report-md"));
    // The report code loads on share; the confirmation says when the copy is done.
    const shareStatus = () => within(screen.getByTestId("share-area")).getByRole("status").textContent;
    await waitFor(() => expect(shareStatus()).toBe("Markdown copied."), { timeout: 10_000 });
    expect(copied.at(-1)).toContain("# CORS Doctor report");
    expect(copied.at(-1)).toContain("InvalidAllowCredentials");
    expect(copied.at(-1)).not.toContain("CANARY_");
    fireEvent.click(screen.getByTestId("export-html"));
    await waitFor(() => expect(shareStatus()).toBe("HTML report saved."));
    expect(saved.at(-1)?.name).toMatch(/^cors-doctor-request-.*\.html$/);
    expect(saved.at(-1)?.content).toContain("imported HAR canaries.har");
    expect(saved.at(-1)?.content).not.toContain("CANARY_");
    const before = saved.length;
    fireEvent.change(screen.getByTestId("export-blocked"), { target: { value: "json" } });
    await waitFor(() => expect(saved.length).toBe(before + 1));
    const report = JSON.parse(saved.at(-1)?.content ?? "{}") as {
      exchanges: unknown[];
      redacted: boolean;
      environment: { browser: string };
    };
    expect(report.exchanges).toHaveLength(2);
    expect(report.redacted).toBe(true);
    expect(report.environment.browser).toBe("Chrome/156.0.8078.79");
  });

  it("keeps Chrome's reports that overtook the navigation event (precise mode, debugger events arrive first)", () => {
    const { state } = setup();
    const now = Date.now();
    act(() =>
      state.addChromeReport({
        id: "early",
        url: "http://127.0.0.1:8782/nocors",
        method: "GET",
        corsError: "MissingAllowOriginHeader",
        failedParameter: "",
        errorText: "net::ERR_FAILED",
        consoleText: null,
        timeMs: now,
      }),
    );
    act(() => state.navigated("http://127.0.0.1:8781/next", now + 500));
    act(() => void state.addEntries(SAMPLE.entries));
    const row = rows().find((r) => r.dataset.url === "http://127.0.0.1:8782/nocors");
    expect(row?.dataset.chromeError).toBe("MissingAllowOriginHeader");
  });
});
