import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Link, MemoryRouter, Route, Routes } from "react-router";
import { Provider, type Operation } from "urql";
import { describe, expect, it } from "vitest";
import { ConnectionStatusContext } from "../api/connectionContext";
import { ConnectionStatusStore } from "../api/connectionStatus";
import { fakeServer } from "../test/fakeServer";
import { runItem } from "../test/fixtures";
import { RunItemPage } from "./RunItemPage";

function answer(status: "RUNNING" | "SUCCEEDED", item: ReturnType<typeof runItem>, repetitions = 1) {
  return {
    run: {
      id: "run-1",
      status,
      experiment: { id: "exp-1", name: "Greetings" },
      config: { repetitions, model: { model: "simulated-1", systemPrompt: null } },
      item: { ...item, renderedPrompt: "Say hello to Ada", attemptHistory: [] },
    },
  };
}

function renderItemPage() {
  const server = fakeServer();
  const status = new ConnectionStatusStore();
  status.socketConnected();
  render(
    <Provider value={server.client}>
      <ConnectionStatusContext.Provider value={status}>
        <MemoryRouter initialEntries={["/runs/run-1/items/0"]}>
          <Link to="/runs/run-1/items/1">Next item</Link>
          <Routes>
            <Route path="/runs/:id/items/:index" element={<RunItemPage />} />
          </Routes>
        </MemoryRouter>
      </ConnectionStatusContext.Provider>
    </Provider>,
  );
  return server;
}

/** The item queries the page sent, in order. */
function itemQueries(server: ReturnType<typeof fakeServer>): Operation[] {
  return server
    .sent("query")
    .filter((operation) => operation.query.definitions.some((definition) => definition.kind === "OperationDefinition" && definition.name?.value === "RunItemDetail"));
}

const at = (seq: number) => ({ cursor: `c${seq}`, seq, runId: "run-1" });

describe("RunItemPage", () => {
  it("streams an unfinished item's output, then shows the item as stored once it finishes", async () => {
    const server = renderItemPage();
    await waitFor(() => expect(itemQueries(server).length).toBeGreaterThan(0));
    server.respond(itemQueries(server).at(-1)!, answer("RUNNING", runItem({ index: 0 })));
    const asked = itemQueries(server).length;
    expect(await screen.findByText("Waiting")).toBeInTheDocument();
    expect(screen.getByText("Nothing streamed yet.")).toBeInTheDocument();

    await waitFor(() => expect(server.sent("subscription")).toHaveLength(1));
    const [subscription] = server.sent("subscription");
    expect(subscription!.variables).toEqual({ runId: "run-1", after: null });
    server.respond(subscription!, { runEvents: { __typename: "OutputDelta", ...at(1), itemIndex: 0, attempt: 1, text: "Hello" } });
    server.respond(subscription!, { runEvents: { __typename: "OutputDelta", ...at(2), itemIndex: 1, attempt: 1, text: "Not mine" } });
    server.respond(subscription!, { runEvents: { __typename: "OutputDelta", ...at(3), itemIndex: 0, attempt: 1, text: ", Ada" } });
    expect(await screen.findByTestId("streamed-output")).toHaveTextContent("Hello, Ada");
    expect(screen.getByText("Running")).toBeInTheDocument();

    server.respond(subscription!, { runEvents: { __typename: "ItemFinished", ...at(4), itemIndex: 0 } });
    await waitFor(() => expect(itemQueries(server).length).toBeGreaterThan(asked));
    const again = itemQueries(server).at(-1)!;
    expect(again.context.requestPolicy).toBe("network-only");
    const finished = runItem({ index: 0, status: "SUCCEEDED", outcome: "PASSED", output: "Hello, Ada!", attempts: 1, latencyMs: 40 });
    server.respond(again, answer("RUNNING", finished));
    expect(await screen.findByText("Hello, Ada!")).toBeInTheDocument();
    expect(screen.queryByTestId("streamed-output")).toBeNull();
  });

  it("does not follow the log for an item that has finished", async () => {
    const server = renderItemPage();
    await waitFor(() => expect(itemQueries(server).length).toBeGreaterThan(0));
    const done = runItem({ index: 0, status: "SUCCEEDED", outcome: "PASSED", output: "Hi Ada", attempts: 1 });
    server.respond(itemQueries(server).at(-1)!, answer("SUCCEEDED", done));

    expect(await screen.findByText("Hi Ada")).toBeInTheDocument();
    expect(server.sent("subscription")).toHaveLength(0);
  });

  it("links to the other answers to its row when the run asks each row several times", async () => {
    const server = renderItemPage();
    await waitFor(() => expect(itemQueries(server).length).toBeGreaterThan(0));
    server.respond(itemQueries(server).at(-1)!, answer("SUCCEEDED", runItem({ index: 0, status: "SUCCEEDED", output: "Hi" }), 3));

    const answers = await screen.findByRole("navigation", { name: "Answers to this row" });
    expect(screen.getByText(/row 0 · 1 of 3/)).toBeInTheDocument();
    expect(answers.querySelector("[aria-current=page]")).toHaveTextContent("1");
    expect(screen.getByRole("link", { name: "Answer 2 of 3" })).toHaveAttribute("href", "/runs/run-1/items/1");
    expect(screen.getByRole("link", { name: "Answer 3 of 3" })).toHaveAttribute("href", "/runs/run-1/items/2");
  });

  it("starts afresh when its URL moves to another item of the run", async () => {
    const server = renderItemPage();
    await waitFor(() => expect(itemQueries(server).length).toBeGreaterThan(0));
    server.respond(itemQueries(server).at(-1)!, answer("RUNNING", runItem({ index: 0 })));
    await waitFor(() => expect(server.sent("subscription")).toHaveLength(1));
    server.respond(server.sent("subscription")[0]!, { runEvents: { __typename: "OutputDelta", ...at(1), itemIndex: 0, attempt: 1, text: "Hello" } });
    expect(await screen.findByTestId("streamed-output")).toHaveTextContent("Hello");

    await userEvent.setup().click(screen.getByRole("link", { name: "Next item" }));
    await waitFor(() => expect(itemQueries(server).at(-1)!.variables).toEqual({ id: "run-1", index: 1 }));
    server.respond(itemQueries(server).at(-1)!, answer("RUNNING", runItem({ index: 1 })));

    expect(await screen.findByText("Nothing streamed yet.")).toBeInTheDocument();
    expect(screen.queryByTestId("streamed-output")).toBeNull();
  });
});
