import type { CompareRunsQuery, Measure as MeasureName } from "../../gql/graphql";
import { Delta } from "./Delta";
import { difference } from "./deltas";
import { MEASURES, showValue, type Measure } from "./measures";
import { significanceDetail, significanceText } from "./significance";

type Comparison = Extract<CompareRunsQuery["compareRuns"], { __typename: "RunComparison" }>;
type Side = Comparison["base"];

interface Metric {
  id: string;
  label: string;
  measure: Measure;
  value: (side: Side) => number | null;
  delta: (comparison: Comparison) => number | null;
  /** The API's test of this measure's difference, if it has one. */
  tested?: MeasureName;
  /** What the value rests on, shown beside each side's. */
  detail?: (side: Side) => string;
}

const METRICS: readonly Metric[] = [
  { id: "pass-rate", label: "Pass rate", measure: MEASURES.fraction, value: (side) => side.passRate, delta: (c) => c.passRateDelta, tested: "PASS_RATE" },
  {
    id: "human-pass-rate",
    label: "Human pass rate",
    measure: MEASURES.fraction,
    value: (side) => side.humanPassRate,
    delta: (c) => c.humanPassRateDelta,
    detail: (side) => (side.reviewedItems === 1 ? "1 reviewed" : `${side.reviewedItems} reviewed`),
  },
  { id: "mean-score", label: "Mean score", measure: MEASURES.fraction, value: (side) => side.meanScore, delta: (c) => c.meanScoreDelta, tested: "MEAN_SCORE" },
  {
    id: "error-rate",
    label: "Error rate",
    measure: MEASURES.errorRate,
    value: (side) => side.errorRate,
    delta: (c) => difference(c.base.errorRate, c.other.errorRate),
    tested: "ERROR_RATE",
  },
  {
    id: "latency-p50",
    label: "Latency p50",
    measure: MEASURES.latency,
    value: (side) => side.latencyP50Ms,
    delta: (c) => c.latencyP50DeltaMs,
    tested: "LATENCY_P50_MS",
  },
  { id: "latency-p95", label: "Latency p95", measure: MEASURES.latency, value: (side) => side.latencyP95Ms, delta: (c) => c.latencyP95DeltaMs },
  {
    id: "input-tokens",
    label: "Input tokens",
    measure: MEASURES.tokens,
    value: (side) => side.inputTokens,
    // The API gives no difference of input tokens.
    delta: (c) => difference(c.base.inputTokens, c.other.inputTokens),
  },
  { id: "output-tokens", label: "Output tokens", measure: MEASURES.tokens, value: (side) => side.outputTokens, delta: (c) => c.outputTokensDelta },
  { id: "cost", label: "Cost", measure: MEASURES.cost, value: (side) => side.cost, delta: (c) => c.costDelta },
];

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
                {showValue(metric.value(comparison.other), metric.measure)}
                {metric.detail && <span className="metric__detail"> ({metric.detail(comparison.other)})</span>}
              </span>
              <span data-side="delta">
                <Delta value={metric.delta(comparison)} measure={metric.measure} />
              </span>
            </dd>
            <dd className="metric__base" data-side="base">
              base {showValue(metric.value(comparison.base), metric.measure)}
              {metric.detail && ` (${metric.detail(comparison.base)})`}
            </dd>
            <Significance comparison={comparison} metric={metric} />
          </div>
        ))}
      </dl>
      <p className="compare-summary__note">
        {comparison.paired
          ? "Rows are paired: each dataset row is compared with itself."
          : "The runs hold different rows, so they are compared as independent samples."}{" "}
        Significant: a difference this large would arise by chance less than 5 % of the time.
      </p>
    </section>
  );
}

/** Whether a metric's difference is more than noise, as the API tested it. */
function Significance({ comparison, metric }: { comparison: Comparison; metric: Metric }) {
  const tested = metric.tested && comparison.measures.find((measure) => measure.measure === metric.tested);
  if (!tested) return null;
  const detail = significanceDetail(tested, metric.measure);
  return (
    <dd
      className={`metric__significance${tested.significant ? " metric__significance--significant" : ""}`}
      data-testid={`compare-${metric.id}-significance`}
      data-significant={tested.significant}
    >
      {significanceText(tested, metric.measure)}
      {detail && <span className="metric__significance-detail">{detail}</span>}
    </dd>
  );
}
