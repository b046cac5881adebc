import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { events, runItem } from "../../test/fixtures";
import { EMPTY_RUN_VIEW, runViewReducer, sortedItems } from "./runView";
import { RunItemsTable } from "./RunItemsTable";

describe("RunItemsTable", () => {
  it("shows a finished item's output with each assertion's result, and a streaming one as running", () => {
    const view = [
      {
        type: "items" as const,
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
      },
      { type: "event" as const, event: events.delta(1, 1, "Hello") },
      { type: "event" as const, event: events.delta(2, 1, " Al") },
    ].reduce(runViewReducer, EMPTY_RUN_VIEW);
    render(<RunItemsTable items={sortedItems(view)} runFinished={false} />);

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
