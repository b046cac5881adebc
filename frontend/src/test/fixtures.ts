import type { AssertionResultFieldsFragment, RunItemFieldsFragment, RunStatus } from "../gql/graphql";
import type { RunEvent } from "../features/runs/runView";
import type { RunSummary } from "../features/runs/runVersion";

type Progress = RunSummary["progress"];

export function progress(succeeded: number, failed: number, total: number): Progress {
  return { succeeded, failed, cancelled: 0, cached: 0, total, pending: total - succeeded - failed };
}

export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: "run-1",
    experimentId: "exp-1",
    status: "PENDING",
    attempt: 1,
    maxAttempts: 3,
    parentRunId: null,
    cache: "USE",
    createdAt: "2026-11-25T10:00:00+00:00",
    startedAt: null,
    finishedAt: null,
    cancelRequestedAt: null,
    progress: progress(0, 0, 4),
    usage: { inputTokens: 0, outputTokens: 0, cost: 0 },
    error: null,
    stats: { passRate: null, meanScore: null },
    ...overrides,
  };
}

const base = (seq: number) => ({ cursor: String(100 + seq), seq, at: "2026-11-25T10:00:01+00:00", runId: "run-1" });

export const events = {
  status(seq: number, status: RunStatus, run: Partial<RunSummary> = {}): RunEvent {
    return { __typename: "RunStatusChange", ...base(seq), previousStatus: null, status, run: runSummary({ status, ...run }) };
  },
  progress(seq: number, succeeded: number, failed: number, total = 4): RunEvent {
    return {
      __typename: "ProgressUpdate",
      ...base(seq),
      progress: progress(succeeded, failed, total),
      usage: { inputTokens: 10 * (succeeded + failed), outputTokens: 20 * (succeeded + failed), cost: 0.001 },
    };
  },
  review(seq: number, itemIndex: number, reviewer: string, verdict: "THUMBS_UP" | "THUMBS_DOWN", tally: { humanPassRate: number | null; reviewedItems: number }): RunEvent {
    return {
      __typename: "ReviewAdded",
      ...base(seq),
      at: `2026-11-25T10:01:${String(seq).padStart(2, "0")}+00:00`,
      itemIndex,
      reviewer,
      verdict,
      score: null,
      comment: null,
      ...tally,
    };
  },
  delta(seq: number, itemIndex: number, text: string, attempt = 1): RunEvent {
    return { __typename: "OutputDelta", ...base(seq), itemIndex, attempt, text };
  },
  finished(
    seq: number,
    itemIndex: number,
    itemStatus: "SUCCEEDED" | "FAILED" = "SUCCEEDED",
    assertionResults: readonly AssertionResultFieldsFragment[] = [],
  ): RunEvent {
    return {
      __typename: "ItemFinished",
      ...base(seq),
      itemIndex,
      itemStatus,
      outcome: itemStatus === "FAILED" ? "ERRORED" : assertionResults.every((result) => result.passed) ? "PASSED" : "FAILED_ASSERTIONS",
      score: null,
      latencyMs: 12.5,
      usage: { inputTokens: 10, outputTokens: 20, cost: 0.001 },
      error: itemStatus === "FAILED" ? { code: "SERVER_ERROR", message: "upstream failed" } : null,
      assertionResults: [...assertionResults],
      cached: false,
    };
  },
};

export function runItem(overrides: Partial<RunItemFieldsFragment> = {}): RunItemFieldsFragment {
  return {
    index: 0,
    row: overrides.index ?? 0,
    repetition: 0,
    variables: { name: "Ada" },
    status: "PENDING",
    outcome: null,
    output: null,
    latencyMs: null,
    attempts: 0,
    score: null,
    usage: { inputTokens: 0, outputTokens: 0, cost: 0 },
    cached: false,
    error: null,
    assertionResults: [],
    reviews: [],
    ...overrides,
  };
}
