import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { fakeServer } from "../../test/fakeServer";
import { RowStatsSection } from "./RowStatsSection";

function page(rows: { row: number; passRate: number | null; meanScore: number | null; scoreStdev: number | null }[], hasNextPage: boolean) {
  return {
    run: {
      __typename: "Run",
      id: "run-1",
      rowStats: {
        __typename: "RowStatsConnection",
        totalCount: 3,
        pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: rows.length ? String(rows.at(-1)!.row) : null },
        edges: rows.map((row) => ({
          __typename: "RowStatsEdge",
          node: { __typename: "RowStats", evaluatedItems: 3, erroredItems: row.passRate === 1 ? 0 : 1, ...row },
        })),
      },
    },
  };
}

describe("RowStatsSection", () => {
  it("shows each row's answers, pass share, mean score and spread, and pages on", async () => {
    const server = fakeServer();
    render(
      <Provider value={server.client}>
        <RowStatsSection runId="run-1" repetitions={3} finished={false} />
      </Provider>,
    );
    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
    const first = server.sent("query").at(-1);
    expect(first!.variables).toEqual({ id: "run-1", first: 50, after: null });
    server.respond(first!, page([{ row: 0, passRate: 1, meanScore: 1, scoreStdev: 0 }, { row: 1, passRate: 2 / 3, meanScore: 2 / 3, scoreStdev: 0.5774 }], true));

    const wavering = await screen.findByText("66.7%").then((cell) => cell.closest("tr")!);
    expect(wavering).toHaveAttribute("data-row", "1");
    expect(within(wavering).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["1", "3", "1", "66.7%", "0.67", "0.58"]);
    expect(screen.getByText("(3)")).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole("button", { name: "Next →" }));
    await waitFor(() => expect(server.sent("query").at(-1)!.variables).toEqual({ id: "run-1", first: 50, after: "1" }));
  });

  it("reads the rows again when the run ends", async () => {
    const server = fakeServer();
    const { rerender } = render(
      <Provider value={server.client}>
        <RowStatsSection runId="run-1" repetitions={3} finished={false} />
      </Provider>,
    );
    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
    server.respond(server.sent("query").at(-1)!, page([{ row: 0, passRate: 1, meanScore: 1, scoreStdev: 0 }], false));
    await screen.findByText("100%");
    const before = server.sent("query").length;

    rerender(
      <Provider value={server.client}>
        <RowStatsSection runId="run-1" repetitions={3} finished />
      </Provider>,
    );

    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(before));
    expect(server.sent("query").at(-1)!.variables).toEqual({ id: "run-1", first: 50, after: null });
  });
});
