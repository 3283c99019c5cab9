/**
 * Raw `node:net` servers on loopback that misbehave the ways a probe must survive: they never
 * answer, trickle the headers or the body, send an endless body or header section, or redirect
 * forever. Every writing loop stops when the client goes away, and after a fixed number of writes.
 */

import { createServer, type Server, type Socket } from "node:net";

export interface RawServer {
  readonly url: string;
  /** Connections accepted so far (each probe request opens one: it sends Connection: close). */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** A write loop bound to a socket: stops on close, on error, or after `limit` writes. */
export function writeEvery(socket: Socket, ms: number, limit: number, chunk: (n: number) => string | Buffer): void {
  let n = 0;
  const timer = setInterval(() => {
    if (n >= limit || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    socket.write(chunk(n++));
  }, ms);
  socket.on("close", () => clearInterval(timer));
}

/** Writes as fast as the client reads, `limit` chunks at most, until the client goes away. */
export function flood(socket: Socket, chunk: Buffer, limit: number): void {
  let n = 0;
  const pump = () => {
    while (n < limit && !socket.destroyed) {
      n++;
      if (!socket.write(chunk)) {
        socket.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

/** Calls `onRequest` once the request's header section has arrived. */
export async function rawServer(onRequest: (socket: Socket, index: number) => void): Promise<RawServer> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const index = count++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let received = "";
    const onData = (data: Buffer) => {
      received += data.toString("latin1");
      if (!received.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      onRequest(socket, index);
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
