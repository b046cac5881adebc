import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { bearer } from "../api/apiToken";
import { GRAPHQL_PATH, graphqlWebSocketUrl } from "../api/urls";

const HTTP_UNAUTHORIZED = 401;

/**
 * GraphiQL's fetcher: queries and mutations are POSTed to /graphql,
 * subscriptions use graphql-ws on the same path, so everything stays on the
 * Runcast server. `token` goes in the `Authorization` header and the
 * WebSocket's `connection_init`; `onUnauthorized` hears of every 401.
 */
export function runcastFetcher(token: string | null, onUnauthorized: () => void): Fetcher {
  const authorization = token === null ? undefined : bearer(token);
  return createGraphiQLFetcher({
    url: GRAPHQL_PATH,
    subscriptionUrl: graphqlWebSocketUrl(window.location),
    ...(authorization ? { headers: { authorization }, wsConnectionParams: { authorization } } : {}),
    fetch: async (input, init) => {
      const response = await window.fetch(input, init);
      if (response.status === HTTP_UNAUTHORIZED) onUnauthorized();
      return response;
    },
  });
}
