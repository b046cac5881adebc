import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import "../styles/tokens.css";
import "../styles/components.css";
import "./graphiql.css";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { StrictMode, useMemo } from "react";
import { createRoot } from "react-dom/client";
import { ApiTokenStore } from "../api/apiToken";
import { TokenPrompt } from "../components/TokenPrompt";
import { useApiToken } from "../hooks/useApiToken";
import { DEFAULT_QUERY } from "./defaultQuery";
import { runcastFetcher } from "./fetcher";

// The default history plugin, plus the query builder.
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

const tokens = new ApiTokenStore();

/** GraphiQL with the session's token, or the token form while the server asks for one. */
function RuncastGraphiQL() {
  const { token, prompt, refused, submit } = useApiToken(tokens);
  const fetcher = useMemo(() => runcastFetcher(token, () => refused(token)), [token, refused]);
  if (prompt) {
    return (
      <div className="graphiql-token">
        <a href="/">← Runcast</a>
        <TokenPrompt reason={prompt} onSubmit={submit} />
      </div>
    );
  }
  return (
    // A new token mounts GraphiQL afresh, so it loads the schema again with it.
    <GraphiQL key={token ?? ""} fetcher={fetcher} plugins={plugins} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility>
      <GraphiQL.Logo>
        <a className="graphiql-home" href="/">
          ← Runcast
        </a>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

const root = document.getElementById("graphiql");
if (root === null) throw new Error("graphiql.html has no #graphiql element");

createRoot(root).render(
  <StrictMode>
    <RuncastGraphiQL />
  </StrictMode>,
);
