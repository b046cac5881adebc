import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { useApiToken } from "../hooks/useApiToken";
import type { ApiTokenStore } from "./apiToken";
import { createRuncastConnection, type RuncastConnection, type RuncastConnectionOptions } from "./client";
import { RuncastProvider } from "./RuncastProvider";
import { TokenSessionContext, type TokenSession } from "./tokenSessionContext";

export type Connect = (options: RuncastConnectionOptions) => RuncastConnection;

const connectToThisHost: Connect = (options) => createRuncastConnection(window.location, options);

/**
 * The API connection, carrying the session's token when there is one. A
 * new token (or none) makes a new connection and mounts everything below
 * afresh, so whatever was on screen asks again with it.
 */
export function AuthenticatedConnection({
  tokens,
  connect = connectToThisHost,
  children,
}: {
  tokens: ApiTokenStore;
  connect?: Connect;
  children: ReactNode;
}) {
  const { token, prompt, refused, submit, forget } = useApiToken(tokens);
  const connection = useMemo(() => connect({ token, onUnauthorized: () => refused(token) }), [connect, token, refused]);

  // The previous connection is closed once nothing uses it any more.
  const previous = useRef<RuncastConnection | null>(null);
  useEffect(() => {
    if (previous.current !== connection) previous.current?.dispose();
    previous.current = connection;
  }, [connection]);

  const session = useMemo<TokenSession>(() => ({ prompt, tokenStored: token !== null, submit, forget }), [prompt, token, submit, forget]);
  return (
    <TokenSessionContext.Provider value={session}>
      <RuncastProvider key={token ?? ""} connection={connection}>
        {children}
      </RuncastProvider>
    </TokenSessionContext.Provider>
  );
}
