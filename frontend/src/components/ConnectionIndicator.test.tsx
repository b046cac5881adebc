import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ConnectionStatusContext } from "../api/connectionContext";
import { ConnectionStatusStore } from "../api/connectionStatus";
import { ConnectionIndicator } from "./ConnectionIndicator";

describe("ConnectionIndicator", () => {
  it("announces the live connection's state as it changes", () => {
    const store = new ConnectionStatusStore();
    render(
      <ConnectionStatusContext.Provider value={store}>
        <ConnectionIndicator />
      </ConnectionStatusContext.Provider>,
    );
    const status = screen.getByRole("status");
    expect(status).toHaveTextContent("Live updates: Idle");
    act(() => store.socketConnecting());
    expect(status).toHaveTextContent("Connecting…");
    act(() => store.socketConnected());
    expect(status).toHaveTextContent("Live updates: Live");
    act(() => store.socketClosed(1006));
    act(() => store.setWaiting({}, true));
    expect(status).toHaveTextContent("Reconnecting…");
  });
});
