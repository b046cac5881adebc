import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { ConnectionStatusContext } from "../api/connectionContext";
import { ConnectionStatusStore } from "../api/connectionStatus";
import { fakeServer } from "./fakeServer";

/** Renders a hook against a fake server (see fakeServer), with the live connection up. */
export function renderHookWithServer<Result>(useHook: () => Result) {
  const server = fakeServer();
  const status = new ConnectionStatusStore();
  status.socketConnected();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Provider value={server.client}>
      <ConnectionStatusContext.Provider value={status}>{children}</ConnectionStatusContext.Provider>
    </Provider>
  );
  return { server, hook: renderHook(useHook, { wrapper }) };
}
