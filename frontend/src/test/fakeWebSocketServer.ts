interface Message {
  type: string;
  payload?: { authorization?: unknown };
}

/**
 * A WebSocket class to stand in for the browser's, answering the
 * graphql-transport-ws handshake like Runcast: `connection_ack` when the
 * `connection_init` payload carries `Bearer <token>`, close 4403 otherwise.
 * Records every `connection_init` payload.
 */
export function fakeWebSocketServer({ token }: { token: string }) {
  const inits: unknown[] = [];

  class FakeWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;

    readyState = FakeWebSocket.CONNECTING;
    onopen: (() => void) | null = null;
    onmessage: ((event: { data: string }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;

    constructor(
      readonly url: string,
      readonly protocol: string,
    ) {
      queueMicrotask(() => {
        this.readyState = FakeWebSocket.OPEN;
        this.onopen?.();
      });
    }

    send(data: string): void {
      const message = JSON.parse(data) as Message;
      if (message.type !== "connection_init") return;
      inits.push(message.payload);
      if (message.payload?.authorization === `Bearer ${token}`) this.onmessage?.({ data: JSON.stringify({ type: "connection_ack" }) });
      else this.close(4403, "Forbidden");
    }

    close(code = 1000, reason = ""): void {
      if (this.readyState === FakeWebSocket.CLOSED) return;
      this.readyState = FakeWebSocket.CLOSED;
      queueMicrotask(() => this.onclose?.({ code, reason }));
    }
  }

  return { WebSocket: FakeWebSocket, inits };
}
