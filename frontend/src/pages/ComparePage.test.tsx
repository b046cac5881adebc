import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import type { CompareRunsQuery } from "../gql/graphql";
import { fakeServer } from "../test/fakeServer";
import { ComparePage } from "./ComparePage";

type Comparison = Extract<CompareRunsQuery["compareRuns"], { __typename: "RunComparison" }>;
type Item = NonNullable<Comparison["items"][number]["base"]>;

const run = (id: string) => ({
  id,
  status: "SUCCEEDED" as const,
  createdAt: "2026-11-25T10:00:00+00:00",
  parentRunId: null,
  progress: { total: 2, succeeded: 2, failed: 0, pending: 0 },
  experiment: { id: "exp-1", name: "Greetings" },
  config: { model: { model: "simulated-1" } },
});

const item = (output: string, overrides: Partial<Item> = {}): Item => ({
  status: "SUCCEEDED",
  outcome: "PASSED",
  output,
  score: 1,
  latencyMs: 1000,
  usage: { inputTokens: 5, outputTokens: 20, cost: 0.00003 },
  cached: false,
  error: null,
  assertionResults: [],
  reviews: [],
  ...overrides,
});

const side = (passRate: number, outputTokens: number, cost: number, humanPassRate: number | null = null, reviewedItems = 0) => ({
  passRate,
  passRateInterval: null,
  meanScore: passRate,
  meanScoreInterval: null,
  errorRate: 1 - passRate,
  erroredItems: passRate === 1 ? 0 : 1,
  latencyP50Ms: 1000,
  latencyP95Ms: 1000,
  inputTokens: 10,
  outputTokens,
  cost,
  humanPassRate,
  reviewedItems,
});

const review = (reviewer: string, verdict: "THUMBS_UP" | "THUMBS_DOWN", comment: string | null = null) => ({
  reviewer,
  verdict,
  score: null,
  comment,
  reviewedAt: "2026-11-25T10:05:00+00:00",
});

const comparison: Comparison = {
  __typename: "RunComparison",
  base: side(0.5, 40, 0.00006, 0, 1),
  other: side(1, 30, 0.00005, 1, 2),
  passRateDelta: 0.5,
  humanPassRateDelta: 1,
  meanScoreDelta: 0.5,
  latencyP50DeltaMs: 0,
  latencyP95DeltaMs: 0,
  outputTokensDelta: -10,
  costDelta: -0.00001,
  paired: true,
  measures: [
    {
      measure: "PASS_RATE",
      paired: true,
      baseRows: 2,
      otherRows: 2,
      delta: 0.5,
      interval: { low: -0.2, high: 0.85 },
      pValue: 1,
      test: "MCNEMAR_EXACT",
      significant: false,
    },
    {
      measure: "ERROR_RATE",
      paired: true,
      baseRows: 2,
      otherRows: 2,
      delta: -0.5,
      interval: { low: -0.85, high: 0.2 },
      pValue: 1,
      test: "MCNEMAR_EXACT",
      significant: false,
    },
  ],
  items: [
    {
      index: 0,
      row: 0,
      repetition: 0,
      variables: { name: "Ada" },
      outputChanged: true,
      scoreDelta: 0.5,
      base: item("Hello there Ada, how are you", {
        score: 0.5,
        usage: { inputTokens: 5, outputTokens: 25, cost: 0.00004 },
        reviews: [review("grace", "THUMBS_DOWN", "too chatty")],
      }),
      other: item("Hello Ada, how are you", { usage: { inputTokens: 5, outputTokens: 15, cost: 0.00003 }, reviews: [review("grace", "THUMBS_UP")] }),
    },
    { index: 1, row: 1, repetition: 0, variables: { name: "Alan" }, outputChanged: false, scoreDelta: 0, base: item("Hi Alan"), other: item("Hi Alan") },
  ],
};

async function renderComparison(answer: Record<string, unknown>) {
  const server = fakeServer();
  render(
    <Provider value={server.client}>
      <MemoryRouter initialEntries={["/compare?base=run-a&other=run-b"]}>
        <Routes>
          <Route path="/compare" element={<ComparePage />} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
  const query = server.sent("query").at(-1);
  expect(query?.variables).toEqual({ baseId: "run-a", otherId: "run-b" });
  server.respond(query!, answer);
  return { user: userEvent.setup() };
}

describe("ComparePage", () => {
  it("shows both runs' outputs side by side, marking the words that changed", async () => {
    await renderComparison({ baseRun: run("run-a"), otherRun: run("run-b"), compareRuns: comparison });

    expect(await screen.findByTestId("compare-counts")).toHaveTextContent("(2 · 1 output changed)");
    const changed = document.querySelector<HTMLElement>('tr[data-item-index="0"]')!;
    expect(changed).toHaveAttribute("data-changed", "true");
    expect(within(changed).getByText("there", { selector: "del", exact: false })).toBeInTheDocument();
    expect(changed.querySelectorAll("ins")).toHaveLength(0);
    const same = document.querySelector<HTMLElement>('tr[data-item-index="1"]')!;
    expect(same).toHaveAttribute("data-changed", "false");
    expect(same.querySelectorAll("del, ins")).toHaveLength(0);
  });

  it("says which way each aggregate moved, in words as well as colour", async () => {
    await renderComparison({ baseRun: run("run-a"), otherRun: run("run-b"), compareRuns: comparison });

    const passRate = await screen.findByTestId("compare-pass-rate");
    expect(within(passRate).getByText(/\+50 pp/, { selector: ".delta" })).toHaveAttribute("data-tone", "better");
    expect(passRate).toHaveTextContent("(better)");
    expect(within(screen.getByTestId("compare-cost")).getByText(/−0\.00001/)).toHaveAttribute("data-tone", "better");
    expect(within(screen.getByTestId("compare-output-tokens")).getByText("−10")).toHaveAttribute("data-tone", "changed");
    expect(within(screen.getByTestId("compare-latency-p50")).getByText("no change")).toHaveAttribute("data-tone", "same");
  });

  it("shows the human verdicts of both sides, item by item and in aggregate", async () => {
    await renderComparison({ baseRun: run("run-a"), otherRun: run("run-b"), compareRuns: comparison });

    const humanPassRate = await screen.findByTestId("compare-human-pass-rate");
    expect(within(humanPassRate).getByText(/\+100 pp/)).toHaveAttribute("data-tone", "better");
    expect(humanPassRate).toHaveTextContent("base 0% (1 reviewed)");
    const row = document.querySelector<HTMLElement>('tr[data-item-index="0"]')!;
    const base = row.querySelector<HTMLElement>('[data-side="base"]')!;
    const other = row.querySelector<HTMLElement>('[data-side="other"]')!;
    expect(within(base).getByRole("list", { name: "Reviews" })).toHaveTextContent("grace — too chatty");
    expect(within(other).getByRole("img", { name: "Thumbs up" })).toBeInTheDocument();
  });

  it("says per measure whether the difference is significant", async () => {
    await renderComparison({ baseRun: run("run-a"), otherRun: run("run-b"), compareRuns: comparison });

    const passRate = await screen.findByTestId("compare-pass-rate-significance");
    expect(passRate).toHaveTextContent("+50 pp, not significant");
    expect(passRate).toHaveTextContent("p = 1 · 95 % CI −20 pp to +85 pp · McNemar's exact test, 2 paired rows");
    expect(screen.getByTestId("compare-error-rate-significance")).toHaveTextContent("−50 pp, not significant");
    expect(within(screen.getByTestId("compare-error-rate")).getByText(/−50 pp/, { selector: ".delta" })).toHaveAttribute(
      "data-tone",
      "better",
    );
    // the API tested no difference of mean score here: nothing is claimed
    expect(screen.queryByTestId("compare-mean-score-significance")).not.toBeInTheDocument();
    expect(screen.getByText(/Rows are paired/)).toBeInTheDocument();
  });

  it("can show only the items whose output changed", async () => {
    const { user } = await renderComparison({ baseRun: run("run-a"), otherRun: run("run-b"), compareRuns: comparison });
    await user.click(await screen.findByLabelText("Only changed outputs"));
    expect(document.querySelectorAll("tbody tr[data-item-index]")).toHaveLength(1);
  });

  it("says so when a run does not exist", async () => {
    await renderComparison({
      baseRun: null,
      otherRun: run("run-b"),
      compareRuns: { __typename: "NotFoundError", message: "No run with id run-a", id: "run-a" },
    });
    expect(await screen.findByText(/No run with id run-a/)).toBeInTheDocument();
  });
});
