import type { ExperimentDetailFieldsFragment } from "../../gql/graphql";
import { formatDecimal, formatInteger } from "../../lib/format";
import { AssertionList } from "../assertions/AssertionList";
import { describeBudget } from "./budget";
import { DatasetPreview } from "./DatasetPreview";

/** What an experiment runs: prompt, model settings, dataset, assertions. */
export function ExperimentConfig({ experiment }: { experiment: ExperimentDetailFieldsFragment }) {
  const { model } = experiment;
  return (
    <section className="card" aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      <div className="config-grid">
        <div>
          <h3 className="config-grid__heading">Prompt template</h3>
          <pre className="prompt">{experiment.prompt}</pre>
          {model.systemPrompt && (
            <>
              <h3 className="config-grid__heading">System prompt</h3>
              <pre className="prompt">{model.systemPrompt}</pre>
            </>
          )}
        </div>
        <dl className="details-list">
          <dt>Executor</dt>
          <dd>{model.executor}</dd>
          <dt>Model</dt>
          <dd className="mono">{model.model}</dd>
          <dt>Temperature</dt>
          <dd>{formatDecimal(model.temperature)}</dd>
          <dt>Max tokens</dt>
          <dd>{formatInteger(model.maxTokens)}</dd>
          {model.baseUrl && (
            <>
              <dt>Base URL</dt>
              <dd className="mono">{model.baseUrl}</dd>
            </>
          )}
          <dt>Answers per row</dt>
          <dd>{experiment.repetitions === 1 ? "1" : `${experiment.repetitions} (each an item; statistics are over rows)`}</dd>
          <dt>Budget per run</dt>
          <dd>{describeBudget(experiment.budget)}</dd>
          <dt>Assertions</dt>
          <dd>{experiment.assertions.length === 0 ? "None" : <AssertionList assertions={experiment.assertions} />}</dd>
        </dl>
      </div>
      <DatasetPreview rows={experiment.dataset} />
    </section>
  );
}
