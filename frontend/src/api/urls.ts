/** The path of the GraphQL endpoint, for HTTP and WebSocket alike. */
export const GRAPHQL_PATH = "/graphql";

type Place = Pick<Location, "protocol" | "host">;

/** `ws://host/graphql` for a page served over http, `wss://…` over https. */
export function graphqlWebSocketUrl(place: Place, path: string = GRAPHQL_PATH): string {
  const scheme = place.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${place.host}${path}`;
}

/** The absolute HTTP URL of the GraphQL endpoint. */
export function graphqlHttpUrl(place: Place, path: string = GRAPHQL_PATH): string {
  return `${place.protocol}//${place.host}${path}`;
}
