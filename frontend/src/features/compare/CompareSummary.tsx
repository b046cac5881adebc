import type { CompareRunsQuery } from "../../gql/graphql";
import { formatCost, formatInteger, formatLatency, formatPercent, formatPoints } from "../../lib/format";
import { Delta } from "./Delta";
import { difference, type Direction } from "./deltas";

type Comparison = Extract<CompareRunsQuery["compareRuns"], { __typename: "RunComparison" }>;
type Side = Comparison["base"];

interface Metric {
  id: string;
  label: string;
  value: (side: Side) => number | null;
  delta: (comparison: Comparison) => number | null;
  format: (value: number) => string;
  formatDelta: (magnitude: number) => string;
  direction: Direction;
}

const METRICS: readonly Metric[] = [
  {
    id: "pass-rate",
    label: "Pass rate",
    value: (side) => side.passRate,
    delta: (comparison) => comparison.passRateDelta,
    format: formatPercent,
    formatDelta: formatPoints,
    direction: "higher-is-better",
  },
  {
    id: "mean-score",
    label: "Mean score",
    value: (side) => side.meanScore,
    delta: (comparison) => comparison.meanScoreDelta,
    format: formatPercent,
    formatDelta: formatPoints,
    direction: "higher-is-better",
  },
  {
    id: "latency-p50",
    label: "Latency p50",
    value: (side) => side.latencyP50Ms,
    delta: (comparison) => comparison.latencyP50DeltaMs,
    format: formatLatency,
    formatDelta: formatLatency,
    direction: "lower-is-better",
  },
  {
    id: "latency-p95",
    label: "Latency p95",
    value: (side) => side.latencyP95Ms,
    delta: (comparison) => comparison.latencyP95DeltaMs,
    format: formatLatency,
    formatDelta: formatLatency,
    direction: "lower-is-better",
  },
  {
    id: "input-tokens",
    label: "Input tokens",
    value: (side) => side.inputTokens,
    delta: (comparison) => difference(comparison.base.inputTokens, comparison.other.inputTokens),
    format: formatInteger,
    formatDelta: formatInteger,
    direction: "neutral",
  },
  {
    id: "output-tokens",
    label: "Output tokens",
    value: (side) => side.outputTokens,
    delta: (comparison) => comparison.outputTokensDelta,
    format: formatInteger,
    formatDelta: formatInteger,
    direction: "neutral",
  },
  {
    id: "cost",
    label: "Cost",
    value: (side) => side.cost,
    delta: (comparison) => comparison.costDelta,
    format: formatCost,
    formatDelta: formatCost,
    direction: "lower-is-better",
  },
];

const show = (value: number | null, format: (value: number) => string) => (value === null ? "—" : format(value));

/** The two runs' aggregates side by side, each with how `other` differs from `base`. */
export function CompareSummary({ comparison }: { comparison: Comparison }) {
  return (
    <section className="card" aria-labelledby="compare-summary-title">
      <h2 id="compare-summary-title">In aggregate</h2>
      <dl className="metrics">
        {METRICS.map((metric) => (
          <div key={metric.id} className="metric" data-testid={`compare-${metric.id}`}>
            <dt>{metric.label}</dt>
            <dd className="metric__values">
              <span className="metric__other" data-side="other">
                <span className="visually-hidden">Other: </span>
                {show(metric.value(comparison.other), metric.format)}
              </span>
              <span data-side="delta">
                <Delta value={metric.delta(comparison)} direction={metric.direction} format={metric.formatDelta} />
              </span>
            </dd>
            <dd className="metric__base" data-side="base">
              base {show(metric.value(comparison.base), metric.format)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
