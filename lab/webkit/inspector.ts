/**
 * A client of WebKit's own inspector protocol, as WebKitGTK serves it over
 * `WEBKIT_INSPECTOR_HTTP_SERVER` (browser-facts.md §5a.2): one WebSocket per inspected page, the
 * page's domains behind `Target` (commands wrapped in `Target.sendMessageToTarget`, answers and
 * events in `Target.dispatchMessageFromTarget`).
 *
 * A navigation to another origin swaps the web process: a provisional page target appears, then
 * `Target.didCommitProvisionalTarget` makes it the page. Every page target gets Console and Network
 * enabled as it appears, before it runs (`Target.setPauseOnStart`, then `Target.resume`); commands
 * go to the committed one.
 */

import WebSocket from "ws";

export interface InspectorEvent {
  readonly method: string;
  // biome-ignore lint/suspicious/noExplicitAny: protocol payloads are read defensively by the recorder.
  readonly params: any;
}

export interface Inspector {
  /** Events of every page target since the last `clear()`, in arrival order. */
  readonly events: InspectorEvent[];
  clear(): void;
  /**
   * Sends a command to the committed page target; rejects on a protocol error or after `timeoutMs`
   * (a command sent while a navigation swaps the page's process is never answered).
   */
  send(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 10_000;
const COMMAND_TIMEOUT_MS = 15_000;
const PAGE_DOMAINS = ["Inspector.enable", "Console.enable", "Network.enable", "Inspector.initialized"] as const;

/** The WebSocket path of the first page the inspector's HTTP server lists (`/socket/1/1/WebPage`). */
export async function pageSocketPath(httpPort: number): Promise<string | null> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/`, { signal: AbortSignal.timeout(3_000) });
  const html = await response.text();
  return /\/socket\/\d+\/\d+\/WebPage/.exec(html)?.[0] ?? null;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export async function connectInspector(httpPort: number, socketPath: string): Promise<Inspector> {
  const socket = new WebSocket(`ws://127.0.0.1:${httpPort}${socketPath}`, { handshakeTimeout: CONNECT_TIMEOUT_MS });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const events: InspectorEvent[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let page: string | null = null;
  let pageReady: () => void = () => {};
  const firstPage = new Promise<void>((resolve) => {
    pageReady = resolve;
  });

  const toTarget = (targetId: string, method: string, params: Record<string, unknown> = {}): number => {
    const id = nextId++;
    const message = JSON.stringify({ id, method, params });
    socket.send(JSON.stringify({ id: nextId++, method: "Target.sendMessageToTarget", params: { targetId, message } }));
    return id;
  };

  const onTargetMessage = (text: string) => {
    let inner: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message?: string } };
    try {
      inner = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof inner.method === "string") {
      events.push({ method: inner.method, params: inner.params ?? {} });
      return;
    }
    const waiting = inner.id === undefined ? undefined : pending.get(inner.id);
    if (!waiting || inner.id === undefined) return;
    pending.delete(inner.id);
    clearTimeout(waiting.timer);
    if (inner.error) waiting.reject(new Error(`inspector: ${inner.error.message ?? "error"}`));
    else waiting.resolve(inner.result);
  };

  // New page targets (a navigation that swaps the web process) wait, paused, until their domains
  // are enabled: no console line or request of the new page is missed.
  socket.send(JSON.stringify({ id: nextId++, method: "Target.setPauseOnStart", params: { pauseOnStart: true } }));
  socket.on("error", () => {});
  socket.on("close", () => {
    for (const [id, waiting] of pending) {
      pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.reject(new Error("inspector: the connection closed"));
    }
  });
  socket.on("message", (data) => {
    // biome-ignore lint/suspicious/noExplicitAny: protocol message read defensively
    let message: { method?: string; params?: any };
    try {
      message = JSON.parse(data.toString("utf8"));
    } catch {
      return;
    }
    const params = message.params ?? {};
    if (message.method === "Target.targetCreated") {
      const info = params.targetInfo;
      if (info?.type !== "page" || typeof info.targetId !== "string") return;
      for (const method of PAGE_DOMAINS) toTarget(info.targetId, method);
      // Paused on start: it runs once its domains are enabled (the commands are answered in order).
      if (info.isPaused) {
        socket.send(JSON.stringify({ id: nextId++, method: "Target.resume", params: { targetId: info.targetId } }));
      }
      if (!info.isProvisional && page === null) {
        page = info.targetId;
        pageReady();
      }
    } else if (message.method === "Target.didCommitProvisionalTarget") {
      if (typeof params.newTargetId === "string") page = params.newTargetId;
    } else if (message.method === "Target.dispatchMessageFromTarget") {
      onTargetMessage(String(params.message));
    }
  });

  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("inspector: no page target")), CONNECT_TIMEOUT_MS).unref(),
  );
  await Promise.race([firstPage, timeout]).catch((error) => {
    socket.terminate();
    throw error;
  });

  return {
    events,
    clear: () => {
      events.length = 0;
    },
    send: (method, params = {}, timeoutMs = COMMAND_TIMEOUT_MS) =>
      new Promise((resolve, reject) => {
        if (page === null || socket.readyState !== WebSocket.OPEN) {
          reject(new Error("inspector: not connected to a page"));
          return;
        }
        const id = toTarget(page, method, params);
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`inspector: ${method} had no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
      }),
    close: () => socket.terminate(),
  };
}
