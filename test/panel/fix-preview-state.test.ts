/** "Preview this fix" in the panel state: when the preview ends, and which rows it labels. */

import { describe, expect, it } from "vitest";
import { PREVIEW_MAX_MS, type PreviewRule } from "../../src/fixes/preview-rule.js";
import {
  createFixPreviewState,
  type FixPreviewView,
  PREVIEW_TIMEOUT_MS,
  type PreviewTimers,
} from "../../src/panel/state/fix-preview.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";

/** A clock and a timer the test moves by hand. */
function fakeTimers() {
  let now = 1_000_000;
  const pending = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const timers: PreviewTimers = {
    now: () => now,
    setTimer: (run, ms) => {
      pending.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimer: (handle) => pending.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...pending]) {
      if (t.at <= now) {
        pending.delete(id);
        t.run();
      }
    }
  };
  return { timers, advance, pending, now: () => now };
}

const RULE: PreviewRule = {
  id: 1,
  priority: 1,
  action: {
    type: "modifyHeaders",
    responseHeaders: [{ header: "Access-Control-Allow-Origin", operation: "set", value: "http://app.test:8000" }],
  },
  condition: { tabIds: [1], regexFilter: "^http://api\\.test:8080/", initiatorDomains: ["app.test"] },
};

const API = {
  apiHost: "api.test:8080",
  apiOrigin: "http://api.test:8080",
  pageOrigin: "http://app.test:8000",
  rule: RULE,
};

/** The store and its latest published view (what the panel reads). */
function store(timers: PreviewTimers) {
  let latest: FixPreviewView | null = null;
  createFixPreviewState((view) => {
    latest = view;
  }, timers);
  return {
    get value(): FixPreviewView {
      if (!latest) throw new Error("nothing published");
      return latest;
    },
  };
}

function started() {
  const clock = fakeTimers();
  const slot = store(clock.timers);
  const removed: string[] = [];
  slot.value.began(API, async () => {
    removed.push("rule");
  });
  // Every call goes through the latest view, as the panel's components do.
  const state = {
    get active() {
      return slot.value.active;
    },
    get ended() {
      return slot.value.ended;
    },
    get windows() {
      return slot.value.windows;
    },
    began: (...args: Parameters<FixPreviewView["began"]>) => slot.value.began(...args),
    end: (why: Parameters<FixPreviewView["end"]>[0]) => slot.value.end(why),
    navigated: (url: string) => slot.value.navigated(url),
    previewed: (url: string, ms: number | null) => slot.value.previewed(url, ms),
  };
  return { clock, state, removed };
}

describe("createFixPreviewState", () => {
  it("keeps its timeout in step with the rule builder's", () => {
    expect(PREVIEW_TIMEOUT_MS).toBe(PREVIEW_MAX_MS);
  });

  it("is active until Stop, which removes the rule once", async () => {
    const { state, removed, clock } = started();
    expect(state.active).toMatchObject({ apiHost: "api.test:8080", since: clock.now() });
    await state.end("stopped");
    await state.end("stopped");
    expect(state.active).toBeNull();
    expect(state.ended).toBe("stopped");
    expect(removed).toEqual(["rule"]);
    expect(clock.pending.size).toBe(0);
  });

  it("ends by itself after the timeout", () => {
    const { state, removed, clock } = started();
    clock.advance(PREVIEW_TIMEOUT_MS - 1);
    expect(state.active).not.toBeNull();
    clock.advance(1);
    expect(state.active).toBeNull();
    expect(state.ended).toBe("expired");
    expect(removed).toEqual(["rule"]);
  });

  it("ends when the tab goes to another origin, not on a reload or another page of the site", () => {
    const { state, removed } = started();
    state.navigated("http://app.test:8000/other?page=2");
    expect(state.active).not.toBeNull();
    state.navigated("http://app.test:9000/");
    expect(state.active).toBeNull();
    expect(state.ended).toBe("navigated");
    expect(removed).toEqual(["rule"]);
  });

  it("labels the requests to the previewed server made while it ran, and no others", async () => {
    const { state, clock } = started();
    const since = clock.now();
    clock.advance(1_000);
    await state.end("stopped");
    const until = clock.now();
    expect(state.previewed("http://api.test:8080/v1/items?x=1", since + 10)).toBe(true);
    expect(state.previewed("http://api.test:8080/v1/items", since - 10)).toBe(false);
    expect(state.previewed("http://api.test:8080/v1/items", until + 10)).toBe(false);
    expect(state.previewed("http://api.test:8080.evil/v1", since + 10)).toBe(false);
    expect(state.previewed("http://other.test:8080/v1", since + 10)).toBe(false);
    expect(state.previewed("http://api.test:8080/v1", null)).toBe(false);
  });

  it("a second preview ends the first", async () => {
    const { state, removed } = started();
    state.began({ ...API, apiHost: "b.test", apiOrigin: "http://b.test" }, async () => {
      removed.push("second");
    });
    expect(removed).toEqual(["rule"]);
    expect(state.active?.apiHost).toBe("b.test");
    expect(state.windows).toHaveLength(2);
  });
});

describe("the panel's navigation ends a preview", () => {
  it("navigated() to another site ends it; the same site keeps it", () => {
    const clock = fakeTimers();
    const panel = createPanelState({ schedule: (run) => run() });
    createFixPreviewState((view) => {
      panel.fixPreview.value = view;
    }, clock.timers);
    panel.fixPreview.value?.began(API, async () => undefined);
    panel.navigated("http://app.test:8000/next");
    expect(panel.fixPreview.value?.active).not.toBeNull();
    panel.navigated("https://elsewhere.example/");
    expect(panel.fixPreview.value?.active).toBeNull();
    expect(panel.fixPreview.value?.ended).toBe("navigated");
  });
});
