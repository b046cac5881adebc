import type { ItemStatus } from "../../gql/graphql";
import { insertSorted, removeSorted } from "../../lib/sortedNumbers";

/** A run's aggregates, as RunStats in the API defines them. */
export interface LiveStats {
  passRate: number | null;
  meanScore: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

/** The parts of an item its run's aggregates depend on. */
export interface ItemResult {
  status: ItemStatus;
  score: number | null;
  latencyMs: number | null;
}

function sameResult(a: ItemResult, b: ItemResult): boolean {
  return a.status === b.status && a.score === b.score && a.latencyMs === b.latencyMs;
}

/**
 * The pass rate, mean score and latency percentiles over a run's finished
 * items, computed as the API does (RunStats), so they move as items finish
 * instead of waiting for the next query. An errored item counts as a failure
 * (score 0) once the run shows it is scored, i.e. once an item has a score:
 * the API knows which rows have assertions, the page does not, so a run whose
 * rows differ in that may differ here until it ends and the API's figures
 * replace these. Kept as running sums and a sorted
 * list of latencies, so an item finishing costs that item, not a pass over
 * every item of the run.
 */
export class LiveStatsTally {
  private scored = 0;
  private errored = 0;
  private passed = 0;
  private scoreSum = 0;
  private readonly latencies: number[] = [];

  /** Counts an item's new result in place of its old one (undefined for an item not known before). */
  replace(previous: ItemResult | undefined, next: ItemResult): void {
    if (previous !== undefined && sameResult(previous, next)) return;
    if (previous !== undefined) this.count(previous, -1);
    this.count(next, 1);
  }

  current(): LiveStats {
    const counted = this.scored === 0 ? 0 : this.scored + this.errored;
    return {
      // An item passes only when every assertion held, i.e. it scored 1.
      passRate: counted === 0 ? null : this.passed / counted,
      meanScore: counted === 0 ? null : this.scoreSum / counted,
      latencyP50Ms: percentile(this.latencies, 50),
      latencyP95Ms: percentile(this.latencies, 95),
    };
  }

  private count(item: ItemResult, sign: 1 | -1): void {
    if (item.status === "PENDING") return;
    if (item.status === "FAILED") this.errored += sign;
    else if (item.score !== null) {
      this.scored += sign;
      this.scoreSum += sign * item.score;
      if (item.score === 1) this.passed += sign;
    }
    if (item.latencyMs === null) return;
    if (sign === 1) insertSorted(this.latencies, item.latencyMs);
    else removeSorted(this.latencies, item.latencyMs);
  }
}

/** Nearest-rank percentile of sorted values, the way the API computes it. */
function percentile(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1] ?? null;
}
