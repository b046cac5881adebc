import { formatCost, formatInteger, formatLatency, formatPercent, formatPoints } from "../../lib/format";
import type { Direction } from "./deltas";

/** How a kind of number is written, how its differences are, and which way is better. */
export interface Measure {
  format: (value: number) => string;
  formatDelta: (magnitude: number) => string;
  direction: Direction;
}

export const MEASURES = {
  /** Pass rate, score: a percentage, differences in points. */
  fraction: { format: formatPercent, formatDelta: formatPoints, direction: "higher-is-better" },
  /** Error rate: a percentage where less is better. */
  errorRate: { format: formatPercent, formatDelta: formatPoints, direction: "lower-is-better" },
  latency: { format: formatLatency, formatDelta: formatLatency, direction: "lower-is-better" },
  tokens: { format: formatInteger, formatDelta: formatInteger, direction: "neutral" },
  cost: { format: formatCost, formatDelta: formatCost, direction: "lower-is-better" },
} as const satisfies Record<string, Measure>;

/** A value as its measure writes it; a dash when unknown. */
export function showValue(value: number | null, measure: Measure): string {
  return value === null ? "—" : measure.format(value);
}
