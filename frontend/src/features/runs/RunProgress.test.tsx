import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { runSummary } from "../../test/fixtures";
import { RunProgress } from "./RunProgress";

const NO_STATS = { passRate: null, meanScore: null, latencyP50Ms: null, latencyP95Ms: null, humanPassRate: null, reviewedItems: 0 };

describe("RunProgress", () => {
  it("counts a cancelled run's cut-short items as cancelled and its unstarted ones as not run, none as pending", () => {
    const run = runSummary({ status: "CANCELLED", progress: { total: 10, succeeded: 3, failed: 0, cancelled: 4, cached: 0, pending: 3 } });

    render(<RunProgress run={run} stats={NO_STATS} />);

    expect(screen.getByTestId("stat-cancelled")).toHaveTextContent("4");
    expect(screen.getByTestId("stat-not-run")).toHaveTextContent("3");
    expect(screen.queryByTestId("stat-pending")).not.toBeInTheDocument();
  });

  it("shows a live run's pending items", () => {
    const run = runSummary({ status: "RUNNING", progress: { total: 10, succeeded: 3, failed: 0, cancelled: 0, cached: 0, pending: 7 } });

    render(<RunProgress run={run} stats={NO_STATS} />);

    expect(screen.getByTestId("stat-pending")).toHaveTextContent("7");
    expect(screen.queryByTestId("stat-cancelled")).not.toBeInTheDocument();
  });

  it("shows the pass rate and mean score with their 95 % intervals", () => {
    const run = runSummary({ status: "SUCCEEDED", progress: { total: 10, succeeded: 9, failed: 1, cancelled: 0, cached: 0, pending: 0 } });
    const stats = {
      ...NO_STATS,
      passRate: 0.7,
      passRateInterval: { low: 0.3968, high: 0.8922 },
      meanScore: 0.7,
      meanScoreInterval: { low: 0.3545, high: 1 },
    };

    render(<RunProgress run={run} stats={stats} />);

    expect(screen.getByTestId("stat-pass-rate")).toHaveTextContent("70%");
    expect(screen.getByTestId("stat-pass-rate-detail")).toHaveTextContent("95 % CI 39.7%–89.2%");
    expect(screen.getByTestId("stat-mean-score-detail")).toHaveTextContent("95 % CI 35.5%–100%");
  });

  it("shows no interval while the figures are the page's own", () => {
    const run = runSummary({ status: "RUNNING", progress: { total: 10, succeeded: 3, failed: 0, cancelled: 0, cached: 0, pending: 7 } });

    render(<RunProgress run={run} stats={{ ...NO_STATS, passRate: 1 }} />);

    expect(screen.queryByTestId("stat-pass-rate-detail")).not.toBeInTheDocument();
  });
});
