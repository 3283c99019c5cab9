/**
 * Fixes that work: each stack's generated fix is applied to a real server and the failing lab
 * scenario is replayed in real Chromium. The request from the page's origin must pass; the same
 * request from an origin that was never allowed must stay blocked.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import { generateFix, NOT_VERIFIED_REASONS, planFix, STACK_IDS, VERIFIED_STACKS } from "../../src/fixes/index.js";
import { proxiedRoute } from "../../src/fixes/stacks/vite-proxy.js";
import type { FixPlan } from "../../src/fixes/types.js";
import { describeNeeding } from "../system-deps.js";
import { type AlternativeRunner, startApiWithoutCors } from "./fixes/node-apps.js";
import { freePort, makeWorkDir, removeWorkDir, type StackRunner } from "./fixes/runner.js";
import { apacheRunner } from "./fixes/servers/apache.js";
import { awsHttpApiRunner } from "./fixes/servers/aws-http-api.js";
import { awsLambdaRunner } from "./fixes/servers/aws-lambda.js";
import { backendProxyRunner } from "./fixes/servers/backend-proxy.js";
import { caddyRunner } from "./fixes/servers/caddy.js";
import { djangoRunner } from "./fixes/servers/django.js";
import { expressRunner } from "./fixes/servers/express.js";
import { fastapiRunner } from "./fixes/servers/fastapi.js";
import { fastifyRunner } from "./fixes/servers/fastify.js";
import { flaskRunner } from "./fixes/servers/flask.js";
import { goRunner } from "./fixes/servers/go.js";
import { honoRunner } from "./fixes/servers/hono.js";
import { koaRunner } from "./fixes/servers/koa.js";
import { nextjsRunner } from "./fixes/servers/nextjs.js";
import { nginxRunner } from "./fixes/servers/nginx.js";
import { phpRunner } from "./fixes/servers/php.js";
import { railsRunner } from "./fixes/servers/rails.js";
import { s3Runner } from "./fixes/servers/s3.js";
import { viteProxyRunner } from "./fixes/servers/vite-proxy.js";
import { webpackProxyRunner } from "./fixes/servers/webpack-proxy.js";
import { captureFailingSession, loadSession, mergedFixFor, sessionPaths } from "./fixes/session.js";
import { launchReplayBrowser, type ReplayRequest, replay, startReplayPages } from "./fixes/verify.js";

const RUNNERS: readonly StackRunner[] = [
  expressRunner,
  nginxRunner,
  fastifyRunner,
  koaRunner,
  honoRunner,
  fastapiRunner,
  phpRunner,
  flaskRunner,
  djangoRunner,
  goRunner,
  railsRunner,
  apacheRunner,
  caddyRunner,
  nextjsRunner,
  s3Runner,
  awsLambdaRunner,
  awsHttpApiRunner,
];

/**
 * The "API belongs to someone else" alternatives: the page's own server proxies the API, which
 * keeps sending no CORS headers. Verified differently: the page calls the proxied path on its own
 * origin and must pass; the proxy must not open the API to other origins; and the API itself must
 * still block the page, so the proxy, not some CORS change, is what made the request pass.
 */
const ALTERNATIVE_RUNNERS: readonly AlternativeRunner[] = [viteProxyRunner, webpackProxyRunner, backendProxyRunner];

interface VerificationCase {
  readonly scenario: string;
  readonly why: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers: ReadonlyArray<readonly [string, string]>;
    readonly credentials: "omit" | "same-origin" | "include";
    readonly body: string | null;
  };
  readonly route: "ok" | "fail";
  readonly expectStatus: number;
}

const FIXTURES = join(import.meta.dirname, "../fixtures");
const { cases } = JSON.parse(readFileSync(join(FIXTURES, "fix-verification/cases.json"), "utf8")) as {
  cases: VerificationCase[];
};

/** The fix plan from the committed lab recording of the failing scenario, moved to this run's origins. */
function planFor(testCase: VerificationCase, pageOrigin: string, apiOrigin: string): FixPlan {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, `lab/${testCase.scenario}.json`), "utf8")) as {
    har: unknown;
    truth: Array<{ url: string; method: string }>;
  };
  const read = readHar(fixture.har);
  if (!read.ok) throw new Error(read.message);
  const truth = fixture.truth[0];
  const captured = read.exchanges.find((x) => x.exchange.hops[0]?.request.url === truth?.url);
  if (!captured) throw new Error(`${testCase.scenario}: no exchange for ${truth?.url}`);
  const diagnosis = diagnose(captured.exchange);
  expect(diagnosis.verdict, `${testCase.scenario} is a failing scenario`).toBe("blocked");
  const plan = planFix(captured.exchange, diagnosis);
  if (!plan) throw new Error(`${testCase.scenario}: no fix plan`);
  return { ...plan, policy: { ...plan.policy, origins: [pageOrigin], apiOrigin, paths: [testCase.request.path] } };
}

describe("generated fixes on real servers", () => {
  let browser: Browser;
  let pages: Awaited<ReturnType<typeof startReplayPages>>;

  beforeAll(async () => {
    pages = await startReplayPages();
    browser = await launchReplayBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
  });

  it("verifies exactly the stacks the product labels as verified, emulators labelled so", () => {
    const runners: Array<StackRunner | AlternativeRunner> = [...RUNNERS, ...ALTERNATIVE_RUNNERS];
    const verifiedBy = new Map(
      runners.map((r) => [r.stack, "emulator" in r && r.emulator ? "emulator" : "real server"]),
    );
    expect(verifiedBy).toEqual(VERIFIED_STACKS);
    // Every other stack says why it is not verified.
    for (const stack of STACK_IDS) {
      expect(Boolean(NOT_VERIFIED_REASONS[stack]), `${stack}: a reason exactly when not verified`).toBe(
        !VERIFIED_STACKS.has(stack),
      );
    }
  });

  // A stack whose Debian packages are missing is skipped, saying so (CI=true: fails); see test/system-deps.ts.
  for (const runner of RUNNERS) {
    describeNeeding(`fixes-verify:${runner.stack}`, runner.stack, () => {
      it.each(cases)(
        "$scenario: $why",
        async (original) => {
          const unavailable = runner.unavailable();
          expect(
            unavailable,
            `${runner.stack} must be runnable here (scripts/system-deps.txt lists its packages)`,
          ).toBeNull();
          const testCase = { ...original, ...runner.adaptCase?.(original) };
          const port = await freePort();
          const pageOrigin = `http://app.test:${pages.port}`;
          const apiOrigin = `http://api.test:${port}`;
          const fix = generateFix(planFor(testCase, pageOrigin, apiOrigin), runner.stack);
          const workDir = makeWorkDir(runner.stack);
          const server = await runner.start({
            snippet: fix.snippet,
            port,
            paths: [testCase.request.path],
            route: testCase.route,
            workDir,
          });
          try {
            const request: ReplayRequest = { ...testCase.request, url: `${apiOrigin}${testCase.request.path}` };
            const allowed = await replay(browser, pageOrigin, request);
            const context = `${runner.stack} / ${testCase.scenario}\n--- snippet ---\n${fix.snippet}\n--- server log ---\n${server.logs()}`;
            expect({ ok: allowed.ok, status: allowed.status, corsError: allowed.corsError }, context).toEqual({
              ok: true,
              status: testCase.expectStatus,
              corsError: null,
            });
            // An origin the fix never allowed stays blocked.
            const denied = await replay(browser, `http://evil.test:${pages.port}`, request);
            expect(denied.ok, `${context}\nthe other origin was let through`).toBe(false);
            expect(denied.corsError, context).not.toBeNull();
          } finally {
            await server.close();
            removeWorkDir(workDir);
          }
        },
        runner.timeoutMs,
      );

      it(
        "multi-request session: the merged fix clears a GET, a PUT with a custom header, a DELETE and a credentialed GET from two page origins, and keeps a foreign origin blocked",
        async () => {
          expect(runner.unavailable(), `${runner.stack} must be runnable here`).toBeNull();
          const session = loadSession(pages.port);
          const requests = session.requests.map((r) => ({ ...r, ...runner.adaptCase?.(r) }));
          const port = await freePort();
          const apiOrigin = `http://api.test:${port}`;
          const workDir = makeWorkDir(runner.stack);
          try {
            // The fix a user gets: the failing session, captured against the API without CORS, merged per server.
            const fix = mergedFixFor(await captureFailingSession(session, requests, port, workDir), runner.stack);
            expect(fix.policy?.origins, "both page origins, listed").toEqual(session.pageOrigins);
            if (!fix.snippet) throw new Error(`${runner.stack}: no snippet for the merged plan`);
            const server = await runner.start({
              snippet: fix.snippet.snippet,
              port,
              paths: sessionPaths(session),
              route: "ok",
              workDir,
            });
            try {
              const context = `${runner.stack} / session\n--- snippet ---\n${fix.snippet.snippet}\n--- server log ---\n${server.logs()}`;
              const outcomes: string[] = [];
              const expected: string[] = [];
              for (const origin of [...session.pageOrigins, session.foreignOrigin]) {
                for (const { name, request, expectStatus } of requests) {
                  const result = await replay(browser, origin, { ...request, url: `${apiOrigin}${request.path}` });
                  const allowedOrigin = origin !== session.foreignOrigin;
                  outcomes.push(`${origin} ${name}: ${result.ok ? result.status : `blocked ${result.corsError}`}`);
                  expected.push(
                    `${origin} ${name}: ${allowedOrigin ? expectStatus : `blocked ${result.corsError ?? "(no CORS error)"}`}`,
                  );
                  if (!allowedOrigin) expect(result.corsError, `${context}\n${origin} ${name}`).not.toBeNull();
                }
              }
              expect(outcomes, context).toEqual(expected);
            } finally {
              await server.close();
            }
          } finally {
            removeWorkDir(workDir);
          }
        },
        // One server for the whole session, twelve replays.
        (runner.timeoutMs ?? 180_000) + 60_000,
      );
    });
  }

  for (const runner of ALTERNATIVE_RUNNERS) {
    describeNeeding(`fixes-verify:${runner.stack}`, `${runner.stack} (alternative)`, () => {
      it.each(cases)("$scenario: $why", async (testCase) => {
        const unavailable = runner.unavailable();
        expect(
          unavailable,
          `${runner.stack} must be runnable here (scripts/system-deps.txt lists its packages)`,
        ).toBeNull();
        const apiPort = await freePort();
        const port = await freePort();
        const pageOrigin = `http://app.test:${port}`;
        // The proxy reaches the API from Node.js, which does not know the lab's host names.
        const plan = planFor(testCase, pageOrigin, `http://127.0.0.1:${apiPort}`);
        const fix = generateFix(plan, runner.stack);
        expect(fix.alternative, `${runner.stack} is an alternative`).toBe(true);
        const replayPage = await (await fetch(`http://127.0.0.1:${pages.port}/replay`)).text();
        const workDir = makeWorkDir(runner.stack);
        const servers = [];
        try {
          servers.push(
            await startApiWithoutCors({
              port: apiPort,
              paths: [testCase.request.path],
              route: testCase.route,
              workDir,
            }),
          );
          const server = await runner.start({
            snippet: fix.snippet,
            port,
            apiPort,
            paths: [testCase.request.path],
            route: testCase.route,
            workDir,
            replayPage,
          });
          servers.push(server);
          const context = `${runner.stack} / ${testCase.scenario}\n--- snippet ---\n${fix.snippet}\n--- server log ---\n${server.logs()}`;
          // The page calls the proxied path on its own origin (as the fix's "where" tells it to).
          const proxied: ReplayRequest = {
            ...testCase.request,
            url: `${pageOrigin}${proxiedRoute(plan.policy).pagePath}`,
          };
          const allowed = await replay(browser, pageOrigin, proxied);
          expect({ ok: allowed.ok, status: allowed.status, corsError: allowed.corsError }, context).toEqual({
            ok: true,
            status: testCase.expectStatus,
            corsError: null,
          });
          // The proxy does not open the API to other websites.
          const other = await replay(browser, `http://evil.test:${pages.port}`, proxied);
          expect(other.ok, `${context}\nanother origin read the API through the proxy`).toBe(false);
          expect(other.corsError, context).not.toBeNull();
          // The API itself was not changed: a direct cross-origin call from the page stays blocked.
          const direct = await replay(browser, pageOrigin, {
            ...testCase.request,
            url: `http://api.test:${apiPort}${testCase.request.path}`,
          });
          expect(direct.ok, `${context}\nthe API itself let the page through`).toBe(false);
          expect(direct.corsError, context).not.toBeNull();
        } finally {
          for (const server of servers) await server.close();
          removeWorkDir(workDir);
        }
      });
    });
  }
});
