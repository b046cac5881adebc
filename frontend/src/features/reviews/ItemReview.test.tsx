import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fakeServer } from "../../test/fakeServer";
import { ItemReview } from "./ItemReview";
import type { Review } from "./reviews";

const ada: Review = { reviewer: "ada", verdict: "THUMBS_UP", score: 0.8, comment: "clear", reviewedAt: "2026-12-03T10:00:00+00:00" };

function renderReview(props: Partial<Parameters<typeof ItemReview>[0]> = {}) {
  const server = fakeServer();
  const onReviewed = vi.fn();
  render(
    <Provider value={server.client}>
      <ItemReview runId="run-1" itemIndex={3} reviews={[]} finished onReviewed={onReviewed} {...props} />
    </Provider>,
  );
  return { server, onReviewed };
}

describe("ItemReview", () => {
  it("sends 👎 with the score and comment typed, and reports the stored review", async () => {
    const { server, onReviewed } = renderReview();
    const user = userEvent.setup();
    await user.click(screen.getByText("Score and comment"));
    await user.type(screen.getByLabelText("Score (0–1)"), "0.25");
    await user.type(screen.getByLabelText("Comment"), "misses the point");
    await user.type(screen.getByLabelText("Your name"), "grace");

    await user.click(screen.getByRole("button", { name: /Thumbs down/ }));

    const [mutation] = server.sent("mutation");
    if (mutation === undefined) throw new Error("no reviewItem was sent");
    expect(mutation.variables).toEqual({
      input: { runId: "run-1", itemIndex: 3, verdict: "THUMBS_DOWN", score: 0.25, comment: "misses the point", reviewer: "grace" },
    });
    const stored = { ...ada, reviewer: "grace", verdict: "THUMBS_DOWN", score: 0.25, comment: "misses the point" };
    server.respond(mutation, { reviewItem: { __typename: "Review", runId: "run-1", itemIndex: 3, ...stored } });
    await vi.waitFor(() => expect(onReviewed).toHaveBeenCalledWith(expect.objectContaining(stored)));
  });

  it("shows the API's error next to the field it names", async () => {
    const { server, onReviewed } = renderReview();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: /Thumbs up/ }));

    const [mutation] = server.sent("mutation");
    if (mutation === undefined) throw new Error("no reviewItem was sent");
    server.respond(mutation, {
      reviewItem: {
        __typename: "ValidationError",
        code: "VALIDATION_ERROR",
        message: "Input should be less than or equal to 1",
        field: "score",
        errors: [{ location: ["score"], message: "Input should be less than or equal to 1" }],
      },
    });

    expect(await screen.findByRole("alert")).toHaveTextContent("Input should be less than or equal to 1");
    expect(screen.getByLabelText("Score (0–1)")).toHaveAttribute("aria-invalid", "true");
    expect(onReviewed).not.toHaveBeenCalled();
  });

  it("counts each verdict and lists every review", () => {
    renderReview({ reviews: [ada, { ...ada, reviewer: "alan", verdict: "THUMBS_DOWN", score: null, comment: null }] });

    expect(screen.getByRole("button", { name: "Thumbs up (1)" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Thumbs down (1)" })).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Reviews" })).toHaveTextContent("ada · 80% — clear");
  });

  it("cannot review an item without its result", () => {
    renderReview({ finished: false });

    expect(screen.getByRole("button", { name: /Thumbs up/ })).toBeDisabled();
    expect(screen.queryByText("Score and comment")).not.toBeInTheDocument();
  });
});
