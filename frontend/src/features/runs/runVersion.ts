import type { RunSummaryFieldsFragment } from "../../gql/graphql";
import { isTerminal, statusRank } from "./runStatus";

export type RunSummary = RunSummaryFieldsFragment;

type Version = readonly [terminal: number, attempt: number, rank: number, done: number];

function versionOf(run: RunSummary): Version {
  return [
    isTerminal(run.status) ? 1 : 0,
    run.attempt,
    statusRank(run.status),
    run.progress.succeeded + run.progress.failed + run.progress.cancelled,
  ];
}

/**
 * Order two snapshots of one run by how far the run had got: a terminal
 * snapshot wins, then the later attempt (a retried run goes back to PENDING
 * with attempt + 1), then the later status, then more items done.
 * Negative when `a` is older than `b`, 0 when they are as far along.
 */
export function compareRunVersions(a: RunSummary, b: RunSummary): number {
  const va = versionOf(a);
  const vb = versionOf(b);
  for (let i = 0; i < va.length; i++) {
    const diff = (va[i] ?? 0) - (vb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The snapshot to keep when another arrives: the incoming one unless it is
 * older, so a late delivery never moves a run backwards.
 */
export function newerRun(current: RunSummary | undefined, incoming: RunSummary): RunSummary {
  if (current === undefined) return incoming;
  return compareRunVersions(incoming, current) >= 0 ? incoming : current;
}
