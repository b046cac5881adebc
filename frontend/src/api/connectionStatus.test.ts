import { describe, expect, it, vi } from "vitest";
import { ConnectionStatusStore } from "./connectionStatus";

describe("ConnectionStatusStore", () => {
  it("is idle until a socket is needed, then connecting, then connected", () => {
    const store = new ConnectionStatusStore();
    expect(store.getSnapshot()).toBe("idle");
    store.socketConnecting();
    expect(store.getSnapshot()).toBe("connecting");
    store.socketConnected();
    expect(store.getSnapshot()).toBe("connected");
  });

  it("goes back to idle after a clean close", () => {
    const store = new ConnectionStatusStore();
    store.socketConnected();
    store.socketClosed(1000);
    expect(store.getSnapshot()).toBe("idle");
  });

  it("reports reconnecting after a drop until the socket is back", () => {
    const store = new ConnectionStatusStore();
    const view = {};
    store.socketConnected();
    store.socketClosed(1006);
    store.setWaiting(view, true);
    expect(store.getSnapshot()).toBe("reconnecting");
    store.setWaiting(view, false);
    store.socketConnecting();
    expect(store.getSnapshot()).toBe("reconnecting");
    store.socketConnected();
    expect(store.getSnapshot()).toBe("connected");
    store.socketClosed(1000);
    store.socketConnecting();
    expect(store.getSnapshot()).toBe("connecting");
  });

  it("notifies listeners only when the status changes", () => {
    const store = new ConnectionStatusStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.socketConnecting();
    store.socketConnecting();
    store.socketConnected();
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.socketClosed(1006);
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
