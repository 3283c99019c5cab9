import { describe, expect, it } from "vitest";
import { CODE_INFO, DIAGNOSIS_CODES } from "../../src/engine/diagnosis/codes.js";
import { ALL_CORS_ERRORS } from "../../src/engine/fetch/cors-error.js";
import {
  CODE_TEXT,
  CORS_ERROR_TEXT,
  chromeConsoleMessage,
  explainLayerWhy,
  LAYER_LABEL,
  LAYER_WHY_TEXT,
} from "../../src/explain/index.js";
import { LAYER_WHY_CODES, type LayerWhy, type LayerWhyArgsByCode, type LayerWhyCode } from "../../src/fixes/index.js";

const SAMPLE_ARGS = {
  status: 404,
  errorText: "net::ERR_CONNECTION_REFUSED",
  from: "https://api.test/items",
  to: "https://api.test/items/",
  values: ["https://app.test", "https://app.test"],
  value: "https://a.test, https://b.test",
  kinds: ["trailing-slash"],
  expected: "https://app.test",
  actual: "https://app.test/",
  allowOrigin: "https://other.test",
  origin: "https://app.test",
  method: "patch",
  header: "Access-Control-Allow-Headers",
  headers: ["access-control-allow-origin"],
  requested: 86400,
  location: "https://user:pw@api.test/",
  problem: "request.url: Invalid type",
  scheme: "data",
  clientSpace: "public",
  targetSpace: "loopback",
  legs: ["actual"],
};

describe("every diagnosis code has words and a spec link", () => {
  it.each([...DIAGNOSIS_CODES])("%s", (code) => {
    const text = CODE_TEXT[code];
    expect(text.title.length).toBeGreaterThan(3);
    for (const args of [{}, SAMPLE_ARGS]) {
      const explanation = text.explain(args);
      expect(explanation.length).toBeGreaterThan(20);
      expect(explanation).not.toMatch(/undefined|\[object/);
    }
    expect(CODE_INFO[code].spec).toMatch(/^https?:\/\/[^ ]+$/);
  });
});

describe("every Chromium CorsError has words, a spec link and Chrome's console body", () => {
  it.each([...ALL_CORS_ERRORS])("%s", (name) => {
    const text = CORS_ERROR_TEXT[name];
    expect(text.title.length).toBeGreaterThan(3);
    expect(text.explain("").length).toBeGreaterThan(20);
    expect(text.explain("x-custom")).not.toMatch(/undefined|\[object/);
    expect(text.spec).toMatch(/^https:\/\/[^ ]+$/);
    expect(text.chromeBody.length).toBeGreaterThan(10);
  });
});

describe("Chrome console text", () => {
  it("reproduces Chrome's wording for a preflight error, with the prefix", () => {
    expect(
      chromeConsoleMessage(
        "PreflightMissingAllowOriginHeader",
        "",
        "http://127.0.0.1:8782/pf404",
        "http://127.0.0.1:8781",
      ),
    ).toBe(
      "Access to fetch at 'http://127.0.0.1:8782/pf404' from origin 'http://127.0.0.1:8781' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
  });

  it("fills in failedParameter and the redirect note", () => {
    expect(
      chromeConsoleMessage(
        "HeaderDisallowedByPreflightResponse",
        "authorization",
        "https://api.test/x",
        "https://app.test",
        {
          initiator: "xhr",
          redirectedFrom: "https://api.test/y",
        },
      ),
    ).toBe(
      "Access to XMLHttpRequest at 'https://api.test/x' (redirected from 'https://api.test/y') from origin 'https://app.test' has been blocked by CORS policy: Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.",
    );
  });
});

describe("every reason a fix is aimed at a layer has one sentence of words", () => {
  const SAMPLES: { readonly [C in LayerWhyCode]: ReadonlyArray<LayerWhyArgsByCode[C]> } = {
    GATEWAY_PREFLIGHT_FUNCTION_RESPONSE: [
      { gateway: "API Gateway (REST API)", status: 400 },
      { gateway: "API Gateway (HTTP API)", status: 200 },
    ],
    FUNCTION_RESPONSE: [
      { status: 500, leg: "actual" },
      { status: 204, leg: "preflight" },
    ],
    GATEWAY_OWN_RESPONSE: [
      { gateway: "API Gateway (REST API)", status: 403, leg: "preflight", errorType: "ForbiddenException" },
      { gateway: "API Gateway (REST API)", status: 200, leg: "preflight", errorType: null },
      { gateway: "Kong Gateway", status: 401, leg: "actual", errorType: null },
    ],
    EDGE_OWN_ERROR: [
      { edge: "Cloudflare", status: 502, app: "Express" },
      { edge: "nginx", status: 504, app: null },
    ],
    APPLICATION_RESPONSE: [
      { app: "Express", through: ["nginx", "Cloudflare"], status: 500, leg: "actual" },
      { app: "your application", through: [], status: 200, leg: "preflight" },
    ],
    PROXY_RESPONSE: [{ proxy: "nginx", status: 404, leg: "preflight" }],
    TWO_LAYERS_ALLOW_ORIGIN: [
      { layers: ["nginx", "Express"], keep: "Express" },
      { layers: [], keep: null },
    ],
    LAYER_UNKNOWN: [{ status: 400 }],
  };

  it("covers exactly the codes layer.ts declares", () => {
    expect(Object.keys(LAYER_WHY_TEXT).sort()).toEqual([...LAYER_WHY_CODES].sort());
  });

  it.each([...LAYER_WHY_CODES])("%s", (code) => {
    for (const args of SAMPLES[code]) {
      const text = explainLayerWhy({ code, args } as LayerWhy);
      expect(text).toMatch(/^[A-Z].{30,}\.$/);
      expect(text).not.toMatch(/undefined|null|\[object/);
      // One sentence: no full stop before the end.
      expect(text.slice(0, -1)).not.toMatch(/\.\s/);
    }
  });

  it("names every layer", () => {
    for (const label of Object.values(LAYER_LABEL)) expect(label.length).toBeGreaterThan(2);
  });
});
