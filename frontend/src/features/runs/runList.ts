import { isTerminal } from "./runStatus";
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

/** A run's new counters, as a ProgressUpdate event carries them. */
export interface RunCounters {
  runId: string;
  progress: RunSummary["progress"];
  usage: RunSummary["usage"];
}

/**
 * Fold a run's new counters into the run known with that id: they replace
 * its progress and usage unless the run has ended or is known further along
 * (a snapshot read after the counters were written). A run not known yet is
 * left to the status change that names it.
 */
export function mergeCounters(known: RunsById, counters: RunCounters): RunsById {
  const current = known.get(counters.runId);
  if (current === undefined || isTerminal(current.status)) return known;
  return mergeRuns(known, [{ ...current, progress: counters.progress, usage: counters.usage }]);
}

/** Newest first, like the API lists them. */
export function sortRuns(runs: RunsById): RunSummary[] {
  return [...runs.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
}
