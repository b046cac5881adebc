import { render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { fakeServer } from "../../test/fakeServer";
import { events, runItem } from "../../test/fixtures";
import { RunItemsTable } from "./RunItemsTable";
import { RunViewStore, type RunEvent } from "./runView";

const client = fakeServer().client;

/** Rows carry review controls, which need a client, and links, a router. */
function Providers({ children }: { children: ReactNode }) {
  return (
    <Provider value={client}>
      <MemoryRouter>{children}</MemoryRouter>
    </Provider>
  );
}

function fromCache(event: RunEvent): RunEvent {
  return event.__typename === "ItemFinished" ? { ...event, cached: true } : event;
}

describe("items answered from the response cache", () => {
  it("shows a cached badge on the items the cache answered, live or queried, and on no other", () => {
    const store = new RunViewStore();
    store.apply({
      type: "items",
      items: [runItem({ index: 0, status: "SUCCEEDED", output: "answer 0", attempts: 1, cached: true }), runItem({ index: 1 }), runItem({ index: 2 })],
    });
    store.apply({ type: "event", event: events.delta(1, 1, "answer 1") });
    store.apply({ type: "event", event: fromCache(events.finished(2, 1)) });
    store.apply({ type: "event", event: events.delta(3, 2, "answer 2") });
    store.apply({ type: "event", event: events.finished(4, 2) });
    const view = store.getSnapshot();

    render(<RunItemsTable runId="run-1" items={view.items} version={view.itemsVersion} runFinished={false} />, { wrapper: Providers });

    const [, queried, live, asked] = screen.getAllByRole("row");
    expect(within(queried!).getByText("cached")).toBeInTheDocument();
    expect(within(live!).getByText("cached")).toBeInTheDocument();
    expect(within(live!).getByText("answer 1")).toBeInTheDocument();
    expect(within(asked!).queryByText("cached")).not.toBeInTheDocument();
  });
});
