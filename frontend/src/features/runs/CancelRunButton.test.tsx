import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fakeServer } from "../../test/fakeServer";
import { CancelRunButton } from "./CancelRunButton";

describe("CancelRunButton", () => {
  it("shows a read-only token's ForbiddenError", async () => {
    const server = fakeServer();
    const onCancelled = vi.fn();
    render(
      <Provider value={server.client}>
        <CancelRunButton runId="run-1" status="RUNNING" onCancelled={onCancelled} />
      </Provider>,
    );
    await userEvent.setup().click(screen.getByRole("button", { name: "Cancel run" }));

    const [mutation] = server.sent("mutation");
    if (mutation === undefined) throw new Error("no cancelRun was sent");
    server.respond(mutation, {
      cancelRun: { __typename: "ForbiddenError", code: "FORBIDDEN", message: "this token may only read, not change anything" },
    });

    expect(await screen.findByRole("alert")).toHaveTextContent("The run could not be cancelled: this token may only read, not change anything");
    expect(onCancelled).not.toHaveBeenCalled();
  });

  it.each(["SUCCEEDED", "FAILED", "CANCELLED"] as const)("shows no button for a %s run", (status) => {
    render(
      <Provider value={fakeServer().client}>
        <CancelRunButton runId="run-1" status={status} onCancelled={vi.fn()} />
      </Provider>,
    );

    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("is disabled while the run is being cancelled", () => {
    render(
      <Provider value={fakeServer().client}>
        <CancelRunButton runId="run-1" status="CANCELLING" onCancelled={vi.fn()} />
      </Provider>,
    );

    expect(screen.getByRole("button", { name: "Cancelling…" })).toBeDisabled();
  });
});
