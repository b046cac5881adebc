import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import "./graphiql.css";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { GRAPHQL_PATH, graphqlWebSocketUrl } from "../api/urls";
import { DEFAULT_QUERY } from "./defaultQuery";

// Queries and mutations are POSTed to /graphql; subscriptions use graphql-ws
// on the same path, so everything stays on the Runcast server.
const fetcher = createGraphiQLFetcher({
  url: GRAPHQL_PATH,
  subscriptionUrl: graphqlWebSocketUrl(window.location),
});

// The default history plugin, plus the query builder.
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

const root = document.getElementById("graphiql");
if (root === null) throw new Error("graphiql.html has no #graphiql element");

createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} plugins={plugins} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility />
  </StrictMode>,
);
