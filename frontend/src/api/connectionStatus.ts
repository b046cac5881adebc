/** What the header shows about the live connection. */
export type ConnectionStatus =
  /** No live view on this page, so no connection is needed. */
  | "idle"
  | "connecting"
  | "connected"
  /** The connection dropped and live views are waiting to resubscribe. */
  | "reconnecting";

type SocketState = "closed" | "connecting" | "open";

/** The WebSocket close code of a deliberate, clean close. */
const NORMAL_CLOSURE = 1000;

/**
 * Tracks the subscription WebSocket and the live views waiting to resume,
 * and derives one status from both. React reads it through
 * useSyncExternalStore (see useConnectionStatus).
 */
export class ConnectionStatusStore {
  private socket: SocketState = "closed";
  private dropped = false;
  private readonly waiting = new Set<object>();
  private status: ConnectionStatus = "idle";
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): ConnectionStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  socketConnecting(): void {
    this.socket = "connecting";
    this.update();
  }

  socketConnected(): void {
    this.socket = "open";
    this.dropped = false;
    this.update();
  }

  /** The socket closed; `code` is the WebSocket close code when there is one. */
  socketClosed(code: number | undefined): void {
    this.socket = "closed";
    if (code !== NORMAL_CLOSURE) this.dropped = true;
    this.update();
  }

  /** A live view (identified by `owner`) is waiting to resubscribe, or no longer is. */
  setWaiting(owner: object, waiting: boolean): void {
    if (waiting) this.waiting.add(owner);
    else this.waiting.delete(owner);
    this.update();
  }

  private derive(): ConnectionStatus {
    if (this.socket === "open") return "connected";
    if (this.waiting.size > 0) return "reconnecting";
    if (this.socket === "connecting") return this.dropped ? "reconnecting" : "connecting";
    return "idle";
  }

  private update(): void {
    const status = this.derive();
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }
}
