import type { ReactNode } from "react";
import { Provider as UrqlProvider } from "urql";
import type { RuncastConnection } from "./client";
import { ConnectionStatusContext } from "./connectionContext";

/** Makes the API client and the connection status available to every page. */
export function RuncastProvider({ connection, children }: { connection: RuncastConnection; children: ReactNode }) {
  return (
    <UrqlProvider value={connection.client}>
      <ConnectionStatusContext.Provider value={connection.status}>{children}</ConnectionStatusContext.Provider>
    </UrqlProvider>
  );
}
