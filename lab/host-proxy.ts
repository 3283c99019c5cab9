/**
 * The lab's host resolver for browsers that have no `--host-resolver-rules`: a plain HTTP proxy on
 * 127.0.0.1 that sends every request, whatever its host, to the same port on 127.0.0.1. WebKit
 * (MiniBrowser `--proxy`) reaches `app.test`, `api.test`, … through it; the Host and Origin headers
 * are the browser's own, so the lab routes exactly as it does for Chromium.
 *
 * The lab answers one request per connection and then closes it, so each browser connection
 * carries one request: the proxy connects to the target port and pipes both ways. When the target
 * port refuses (the lab's closed port), the proxy resets the browser's connection: the browser sees
 * a network failure, but not its own "connection refused" text.
 */

import { createConnection, createServer, type Server, type Socket } from "node:net";

const MAX_HEAD_BYTES = 64 * 1024;
const IDLE_TIMEOUT_MS = 10_000;

export interface HostProxy {
  readonly port: number;
  close(): Promise<void>;
}

/** The port a proxied request asks for: from the absolute-form target, else the Host header. */
export function targetPort(head: string): number | null {
  const [requestLine = "", ...lines] = head.split("\r\n");
  const target = requestLine.split(" ")[1] ?? "";
  let hostPort: string | undefined;
  const absolute = /^http:\/\/([^/?#]+)/i.exec(target);
  if (absolute) hostPort = absolute[1]?.replace(/^.*@/, "");
  else
    hostPort = lines
      .find((l) => /^host:/i.test(l))
      ?.slice(5)
      .trim();
  const port = /:(\d{1,5})$/.exec(hostPort ?? "")?.[1];
  if (hostPort === undefined) return null;
  const value = port === undefined ? 80 : Number(port);
  return value > 0 && value < 65536 ? value : null;
}

export function startHostProxy(): Promise<HostProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    client.setTimeout(IDLE_TIMEOUT_MS, () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) {
        if (head.length > MAX_HEAD_BYTES) client.destroy();
        return;
      }
      client.off("data", onData);
      client.pause();
      const port = targetPort(head.subarray(0, end).toString("latin1"));
      if (port === null) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: "127.0.0.1", port });
      track(upstream);
      // A refused or broken upstream: reset the browser's connection rather than answer for the server.
      upstream.on("error", () => client.resetAndDestroy());
      upstream.on("connect", () => {
        upstream.write(head);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      client.on("close", () => upstream.destroy());
    };
    client.on("data", onData);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
