import { ProgressBar } from "../../components/ProgressBar";
import { formatCost, formatInteger, formatPercent } from "../../lib/format";
import type { RunSummary } from "./runVersion";

export interface RunStats {
  passRate: number | null;
  meanScore: number | null;
}

/** The progress bar and the counters of a run: items, tokens, cost, scores. */
export function RunProgress({ run, stats }: { run: RunSummary; stats?: RunStats | undefined }) {
  const { progress, usage } = run;
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">Progress</h2>
      <ProgressBar label="Run progress" succeeded={progress.succeeded} failed={progress.failed} total={progress.total} />
      <dl className="stats">
        <Stat label="Items" value={formatInteger(progress.total)} />
        <Stat label="Succeeded" value={formatInteger(progress.succeeded)} />
        <Stat label="Failed" value={formatInteger(progress.failed)} />
        <Stat label="Pending" value={formatInteger(progress.pending)} />
        <Stat label="Input tokens" value={formatInteger(usage.inputTokens)} />
        <Stat label="Output tokens" value={formatInteger(usage.outputTokens)} />
        <Stat label="Cost" value={formatCost(usage.cost)} />
        {stats && stats.passRate !== null && <Stat label="Pass rate" value={formatPercent(stats.passRate)} />}
      </dl>
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={`stat-${label.toLowerCase().replace(/\s+/g, "-")}`}>{value}</dd>
    </div>
  );
}
