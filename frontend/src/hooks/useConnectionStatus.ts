import { useContext, useSyncExternalStore } from "react";
import { ConnectionStatusContext } from "../api/connectionContext";
import type { ConnectionStatus, ConnectionStatusStore } from "../api/connectionStatus";

export function useConnectionStatusStore(): ConnectionStatusStore {
  return useContext(ConnectionStatusContext);
}

/** The live connection's status, re-rendering when it changes. */
export function useConnectionStatus(): ConnectionStatus {
  const store = useConnectionStatusStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
