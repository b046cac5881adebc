import { act, fireEvent, render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer } from "../../test/fakeServer";
import { events, runItem } from "../../test/fixtures";
import { RunItemsTable } from "./RunItemsTable";
import { RunViewStore, type RunView } from "./runView";

const client = fakeServer().client;

/** Rows link to item pages and send reviews: a router and a client around them. */
function Wrapper({ children }: { children: ReactNode }) {
  return (
    <Provider value={client}>
      <MemoryRouter>{children}</MemoryRouter>
    </Provider>
  );
}

function renderTable(view: RunView, order?: readonly number[]) {
  return render(<RunItemsTable runId="run-1" items={view.items} order={order} version={view.itemsVersion} runFinished={false} />, {
    wrapper: Wrapper,
  });
}

describe("RunItemsTable", () => {
  it("says each item's row and repetition when rows are answered more than once, even for one only seen streaming", () => {
    const store = new RunViewStore();
    store.apply({ type: "items", items: [runItem({ index: 0 }), runItem({ index: 1 })] });
    store.apply({ type: "event", event: events.delta(1, 3, "Hi") });
    render(<RunItemsTable runId="run-1" items={store.getSnapshot().items} version={1} runFinished={false} repetitions={2} />, { wrapper: Wrapper });

    const [, first, second, streamed] = screen.getAllByRole("row");
    expect(within(first!).getByText("row 0 · 1 of 2")).toBeInTheDocument();
    expect(within(second!).getByText("row 0 · 2 of 2")).toBeInTheDocument();
    expect(within(streamed!).getByText("row 1 · 2 of 2")).toBeInTheDocument();
  });

  it("says no row and repetition for a run answering each row once", () => {
    const store = new RunViewStore();
    store.apply({ type: "items", items: [runItem({ index: 0 })] });
    renderTable(store.getSnapshot());

    expect(screen.queryByText(/^row \d/)).not.toBeInTheDocument();
  });

  it("shows a finished item's output with each assertion's result, and a streaming one as running", () => {
    const store = new RunViewStore();
    store.apply({
      type: "items",
      items: [
        runItem({
          index: 0,
          status: "SUCCEEDED",
          output: "Hello Ada",
          attempts: 1,
          score: 0.5,
          latencyMs: 850,
          usage: { inputTokens: 4, outputTokens: 2, cost: 0.000004 },
          assertionResults: [
            { kind: "CONTAINS", value: "Ada", passed: true },
            { kind: "MAX_TOKENS", value: "1", passed: false },
          ],
        }),
        runItem({ index: 1, variables: { name: "Alan" } }),
      ],
    });
    store.apply({ type: "event", event: events.delta(1, 1, "Hello") });
    store.apply({ type: "event", event: events.delta(2, 1, " Al") });
    renderTable(store.getSnapshot());

    const [, done, streaming] = screen.getAllByRole("row");
    expect(within(done!).getByText("Hello Ada")).toBeInTheDocument();
    expect(within(done!).getByText("850 ms")).toBeInTheDocument();
    expect(within(done!).getByText("50%")).toBeInTheDocument();
    const results = within(done!).getAllByRole("listitem").filter((element) => element.classList.contains("assertion-result"));
    expect(results.map((element) => element.textContent)).toEqual(["✓Passed: contains “Ada”", "✗Failed: output tokens at most 1"]);

    expect(within(streaming!).getByText("Running")).toBeInTheDocument();
    expect(within(streaming!).getByText("Hello Al")).toHaveClass("streaming");
    expect(within(streaming!).getByText("Alan")).toBeInTheDocument();
  });
});

describe("RunItemsTable outcomes", () => {
  it("shows an answered item whose assertions failed as Failed assertions, never Succeeded, and links each row to its detail", () => {
    const store = new RunViewStore();
    const failing = [{ kind: "CONTAINS" as const, value: "Paris", passed: false }];
    store.apply({ type: "items", items: [runItem({ index: 0 }), runItem({ index: 1 })] });
    store.apply({ type: "event", event: events.finished(1, 0, "SUCCEEDED", failing) });
    store.apply({ type: "event", event: events.finished(2, 1, "FAILED") });
    renderTable(store.getSnapshot());

    const [, answered, errored] = screen.getAllByRole("row");
    expect(within(answered!).getByText("Failed assertions")).toBeInTheDocument();
    expect(within(answered!).queryByText("Succeeded")).toBeNull();
    expect(within(errored!).getByText("Errored")).toBeInTheDocument();
    expect(within(errored!).getByRole("link", { name: "Item 1 in detail" })).toHaveAttribute("href", "/runs/run-1/items/1");
  });

  it("shows only the items of a narrowed list, in the server's order", () => {
    const store = new RunViewStore();
    store.apply({ type: "items", items: [0, 1, 2].map((index) => runItem({ index })) });
    renderTable(store.getSnapshot(), [2, 0]);

    const rows = screen.getAllByRole("row").filter((row) => row.hasAttribute("data-item-index"));
    expect(rows.map((row) => row.getAttribute("data-item-index"))).toEqual(["2", "0"]);
  });
});

describe("RunItemsTable after a cancel", () => {
  it("shows the item cut short as Cancelled with its partial output, and one never started as Not run", () => {
    const store = new RunViewStore();
    store.apply({
      type: "items",
      items: [
        runItem({ index: 0, status: "CANCELLED", output: "Hello A", attempts: 1, usage: { inputTokens: 4, outputTokens: 2, cost: 0 } }),
        runItem({ index: 1 }),
      ],
    });
    const view = store.getSnapshot();
    render(<RunItemsTable runId="run-1" items={view.items} version={view.itemsVersion} runFinished />, { wrapper: Wrapper });

    const [, cancelled, notRun] = screen.getAllByRole("row");
    expect(within(cancelled!).getByText("Cancelled")).toBeInTheDocument();
    expect(within(cancelled!).getByText("Hello A")).toBeInTheDocument();
    expect(within(cancelled!).getByText("6")).toBeInTheDocument();
    expect(within(notRun!).getByText("Not run")).toBeInTheDocument();
  });
});

describe("RunItemsTable with 10,000 items", () => {
  const ITEMS = 10_000;
  const ROW_PX = 48;

  afterEach(() => {
    Reflect.deleteProperty(window, "scrollY");
  });

  function tenThousandItems(): RunView {
    const store = new RunViewStore();
    const rows = Array.from({ length: ITEMS }, (_, index) =>
      runItem({ index, variables: { name: `person ${index}` }, status: "SUCCEEDED", output: `Hello person ${index}`, attempts: 1 }),
    );
    store.apply({ type: "items", items: rows });
    return store.getSnapshot();
  }

  function scrollTo(offset: number) {
    Object.defineProperty(window, "scrollY", { value: offset, configurable: true });
    act(() => {
      fireEvent.scroll(window);
    });
  }

  const renderedRows = () => screen.getAllByRole("row").filter((row) => row.hasAttribute("data-item-index"));

  it("renders only the rows near the window, and scrolling reaches the last item", () => {
    // jsdom lays nothing out: give every row the height a browser would.
    vi.spyOn(HTMLElement.prototype, "offsetHeight", "get").mockReturnValue(ROW_PX);
    renderTable(tenThousandItems());

    const table = screen.getByRole("table", { name: "Items of this run" });
    expect(table).toHaveAttribute("aria-rowcount", String(ITEMS + 1));
    const first = renderedRows();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(100);
    expect(first[0]).toHaveAttribute("data-item-index", "0");
    expect(first[0]).toHaveAttribute("aria-rowindex", "2");

    // To the bottom of the page: past every row, however tall the rows not measured yet.
    scrollTo(ITEMS * 1_000);
    const last = renderedRows();
    expect(last.length).toBeLessThan(100);
    expect(last.at(-1)).toHaveAttribute("data-item-index", String(ITEMS - 1));
    expect(last.at(-1)).toHaveAttribute("aria-rowindex", String(ITEMS + 1));
    expect(within(last.at(-1)!).getByText(`Hello person ${ITEMS - 1}`)).toBeInTheDocument();
    expect(document.querySelector('tr[data-item-index="0"]')).toBeNull();
  });
});
