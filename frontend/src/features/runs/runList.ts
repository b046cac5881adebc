import { newerRun, type RunSummary } from "./runVersion";

export type RunsById = ReadonlyMap<string, RunSummary>;

export const NO_RUNS: RunsById = new Map();

/**
 * Fold snapshots of runs, from a query page, a mutation or a subscription
 * event, into the runs already known, keyed by id. A snapshot older than the
 * one kept is ignored, so the order they arrive in does not matter.
 * Returns the same map when nothing changed.
 */
export function mergeRuns(known: RunsById, incoming: Iterable<RunSummary>): RunsById {
  let next: Map<string, RunSummary> | undefined;
  for (const run of incoming) {
    const current = (next ?? known).get(run.id);
    const kept = newerRun(current, run);
    if (kept !== current) {
      next ??= new Map(known);
      next.set(run.id, kept);
    }
  }
  return next ?? known;
}

/** Newest first, like the API lists them. */
export function sortRuns(runs: RunsById): RunSummary[] {
  return [...runs.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
}
