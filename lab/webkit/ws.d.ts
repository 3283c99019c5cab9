/**
 * The little of the `ws` package (a dependency of puppeteer-core, present in node_modules) that the
 * WebKit inspector client uses; the project has no @types/ws. Node 20 has no global WebSocket.
 */
declare module "ws" {
  export default class WebSocket {
    constructor(url: string, options?: { handshakeTimeout?: number; maxPayload?: number });
    static readonly OPEN: number;
    readonly readyState: number;
    send(data: string): void;
    close(): void;
    terminate(): void;
    on(event: "open" | "close", listener: () => void): this;
    on(event: "message", listener: (data: Buffer) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    once(event: "open" | "close", listener: () => void): this;
    once(event: "error", listener: (error: Error) => void): this;
  }
}
