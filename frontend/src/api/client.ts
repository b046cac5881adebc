import { createClient as createWebSocketClient, type Client as WebSocketClient } from "graphql-ws";
import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange } from "urql";
import { bearer } from "./apiToken";
import { ConnectionStatusStore } from "./connectionStatus";
import { GRAPHQL_PATH, graphqlWebSocketUrl } from "./urls";

/** Seconds between keep-alive pings, and how long a pong may take. */
const KEEP_ALIVE_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;

/** How the server turns away an HTTP request, and a WebSocket, without a valid token. */
const HTTP_UNAUTHORIZED = 401;
const WS_FORBIDDEN = 4403;

export interface RuncastConnectionOptions {
  /** Sent as `Authorization: Bearer …` and in the WebSocket's `connection_init`; none on an open server. */
  token?: string | null;
  /** Called when the server asks for a token this connection does not have (or that it refused). */
  onUnauthorized?: () => void;
}

export interface RuncastConnection {
  /** Queries and mutations over HTTP, subscriptions over the WebSocket. */
  client: Client;
  /** The subscription WebSocket's state, for the header. */
  status: ConnectionStatusStore;
  dispose(): void;
}

function closeCode(event: unknown): number | undefined {
  if (typeof event === "object" && event !== null && "code" in event && typeof event.code === "number") {
    return event.code;
  }
  return undefined;
}

/**
 * The one client of the Runcast API. Subscriptions go over graphql-ws on
 * the page's own host (`ws:` or `wss:` like the page), everything else is a
 * POST to /graphql.
 *
 * The WebSocket client does not retry on its own: a dropped connection ends
 * each subscription with an error, and each live view resubscribes from the
 * last event it saw (see ResumableSubscription), which a blind retry of the
 * original request could not do.
 */
export function createRuncastConnection(
  place: Pick<Location, "protocol" | "host"> = window.location,
  { token = null, onUnauthorized = () => {} }: RuncastConnectionOptions = {},
): RuncastConnection {
  const authorization = token === null ? undefined : bearer(token);
  const status = new ConnectionStatusStore();
  let socket: WebSocket | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const stopPongTimer = () => {
    clearTimeout(pongTimer);
    pongTimer = undefined;
  };

  const ws: WebSocketClient = createWebSocketClient({
    url: graphqlWebSocketUrl(place),
    lazy: true,
    lazyCloseTimeout: 2_000,
    retryAttempts: 0,
    keepAlive: KEEP_ALIVE_MS,
    ...(authorization ? { connectionParams: { authorization } } : {}),
    on: {
      connecting: () => status.socketConnecting(),
      connected: (opened) => {
        socket = opened as WebSocket;
        status.socketConnected();
      },
      closed: (event) => {
        socket = undefined;
        stopPongTimer();
        const code = closeCode(event);
        status.socketClosed(code);
        if (code === WS_FORBIDDEN) onUnauthorized();
      },
      // A half-open connection answers no pings: close it so live views resubscribe.
      ping: (received) => {
        if (received) return;
        stopPongTimer();
        pongTimer = setTimeout(() => {
          if (socket?.readyState === WebSocket.OPEN) socket.close(4408, "Keep-alive timed out");
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) stopPongTimer();
      },
    },
  });

  const client = new Client({
    url: GRAPHQL_PATH,
    // POST everything: no query text in URLs, nothing for HTTP caches to keep.
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    ...(authorization ? { fetchOptions: { headers: { authorization } } } : {}),
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (error.response?.status === HTTP_UNAUTHORIZED) onUnauthorized();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              return { unsubscribe: ws.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    status,
    dispose() {
      stopPongTimer();
      void ws.dispose();
    },
  };
}
