import { ProgressBar, percentOf } from "../../components/ProgressBar";
import { formatCost, formatInteger, formatInterval, formatLatency, formatPercent } from "../../lib/format";
import { isTerminal } from "./runStatus";
import type { RunSummary } from "./runVersion";

interface Interval {
  low: number;
  high: number;
}

export interface RunStats {
  passRate: number | null;
  /** 95 % interval of the pass rate; absent while the figures are the page's own. */
  passRateInterval?: Interval | null;
  meanScore: number | null;
  meanScoreInterval?: Interval | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  humanPassRate: number | null;
  reviewedItems: number;
}

/** The progress bar and the run's numbers: items, pass rate, latency, tokens, cost. */
export function RunProgress({ run, stats }: { run: RunSummary; stats: RunStats }) {
  const { progress, usage } = run;
  const done = progress.succeeded + progress.failed;
  return (
    <section className="card run-progress" aria-labelledby="progress-title">
      <div className="card__header">
        <h2 id="progress-title">Progress</h2>
        <span className="run-progress__percent" aria-hidden="true">
          {Math.round(percentOf(done, progress.total))}%
        </span>
      </div>
      <ProgressBar label="Run progress" succeeded={progress.succeeded} failed={progress.failed} total={progress.total} />
      <dl className="stats">
        <Stat label="Succeeded" value={formatInteger(progress.succeeded)} tone="success" />
        <Stat label="Failed" value={formatInteger(progress.failed)} tone={progress.failed > 0 ? "danger" : undefined} />
        {progress.cancelled > 0 && <Stat label="Cancelled" value={formatInteger(progress.cancelled)} />}
        {/* A finished run has nothing pending: what it never started, it will not run. */}
        {isTerminal(run.status) ? (
          progress.pending > 0 && <Stat label="Not run" value={formatInteger(progress.pending)} />
        ) : (
          <Stat label="Pending" value={formatInteger(progress.pending)} />
        )}
        <Stat label="Pass rate" value={formatPercent(stats.passRate)} detail={intervalDetail(stats.passRateInterval)} />
        <Stat
          label="Human pass rate"
          value={formatPercent(stats.humanPassRate)}
          detail={stats.reviewedItems === 1 ? "1 item reviewed" : `${formatInteger(stats.reviewedItems)} items reviewed`}
        />
        <Stat label="Mean score" value={formatPercent(stats.meanScore)} detail={intervalDetail(stats.meanScoreInterval)} />
        <Stat label="Latency p50" value={formatLatency(stats.latencyP50Ms)} />
        <Stat label="Latency p95" value={formatLatency(stats.latencyP95Ms)} />
        <Stat
          label="Tokens"
          value={formatInteger(usage.inputTokens + usage.outputTokens)}
          detail={`${formatInteger(usage.inputTokens)} in · ${formatInteger(usage.outputTokens)} out`}
        />
        <Stat label="Cost" value={formatCost(usage.cost)} wide />
      </dl>
    </section>
  );
}

/** `95 % CI 39.7%–89.2%`, or nothing without an interval. */
function intervalDetail(interval: Interval | null | undefined): string | undefined {
  return interval ? `95 % CI ${formatInterval(interval.low, interval.high)}` : undefined;
}

interface StatProps {
  label: string;
  value: string;
  detail?: string;
  tone?: "success" | "danger" | undefined;
  /** Take two columns, to close the grid's last row. */
  wide?: boolean;
}

function Stat({ label, value, detail, tone, wide = false }: StatProps) {
  const slug = label.toLowerCase().replace(/\s+/g, "-");
  const className = ["stat", tone && `stat--${tone}`, wide && "stat--wide"].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <dt>{label}</dt>
      <dd data-testid={`stat-${slug}`}>{value}</dd>
      {detail && (
        <dd className="stat__detail" data-testid={`stat-${slug}-detail`}>
          {detail}
        </dd>
      )}
    </div>
  );
}
