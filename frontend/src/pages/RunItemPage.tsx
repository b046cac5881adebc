import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { PageHeader } from "../components/PageHeader";
import { ResourceFallback } from "../components/ResourceFallback";
import { Table } from "../components/Table";
import { VariableList } from "../components/VariableList";
import { assertionKindInfo } from "../features/assertions/assertionKinds";
import { assertionActual } from "../features/items/assertionActual";
import { useItemLive } from "../features/items/useItemLive";
import { ItemReview } from "../features/reviews/ItemReview";
import { withReviews, type Review } from "../features/reviews/reviews";
import { OUTCOME_LABEL, outcomeClass } from "../features/runs/ItemRow";
import { RunItemDetailQuery } from "../features/runs/operations";
import { isTerminal } from "../features/runs/runStatus";
import { ScoreBadge } from "../features/runs/ScoreBadge";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeCell, rowAnswers } from "../lib/cells";
import { formatCost, formatInteger, formatLatency } from "../lib/format";
import "./RunItemPage.css";

/**
 * `/runs/:id/items/:index`: one item of a run in full, from its variables to
 * every attempt and assertion. While the item is unfinished its output
 * streams in live; once it (or its run) ends, the stored item is read again.
 */
export function RunItemPage() {
  const { id = "", index = "" } = useParams();
  // a page of its own per item: what one item streamed or had reviewed stays with it
  return <RunItemDetail key={`${id}/${index}`} id={id} index={index} />;
}

function RunItemDetail({ id, index }: { id: string; index: string }) {
  const itemIndex = /^\d{1,9}$/.test(index) ? Number(index) : -1;
  const shortId = id.slice(0, 8);
  useDocumentTitle(`Item ${index} of run ${shortId}`);
  const [{ data, error }, reexecute] = useQuery({ query: RunItemDetailQuery, variables: { id, index: itemIndex }, pause: itemIndex < 0 });
  const run = data?.run;
  const item = run?.item;
  // Reviews sent from this page, shown at once beside those the query found.
  const [sent, setSent] = useState<readonly Review[]>([]);
  const unfinished = run != null && item != null && item.status === "PENDING" && !isTerminal(run.status);
  const stream = useItemLive(id, itemIndex, unfinished);
  useEffect(() => {
    if (stream.ended) reexecute({ requestPolicy: "network-only" });
  }, [stream.ended, reexecute]);

  if (itemIndex < 0) return <ResourceFallback what="item" notFound />;
  if (!run || !item) return <ResourceFallback what="item" error={error} notFound={data !== undefined} />;

  const systemPrompt = run.config.model.systemPrompt;
  return (
    <>
      <PageHeader
        breadcrumbs={{
          via: [
            { label: run.experiment.name, to: `/experiments/${run.experiment.id}` },
            { label: `Run ${shortId}`, to: `/runs/${run.id}` },
          ],
          current: `Item ${item.index}`,
        }}
      >
        <h1>
          Item {item.index} <span className="muted">of run</span> <span className="mono">{shortId}</span>
        </h1>
        <p className="muted run-subtitle">
          {item.outcome ? (
            <span className={outcomeClass(item.outcome)}>{OUTCOME_LABEL[item.outcome]}</span>
          ) : unfinished ? (
            <span className="item-status item-status--running">{stream.attempt > 0 ? "Running" : "Waiting"}</span>
          ) : (
            <span className="item-status">{item.status}</span>
          )}{" "}
          · {formatLatency(item.latencyMs)} · {formatInteger(item.usage.inputTokens + item.usage.outputTokens)} tokens ·{" "}
          {formatCost(item.usage.cost)} · score <ScoreBadge score={item.score} />
          {run.config.repetitions > 1 && <> · {describeCell(item, run.config.repetitions)}</>}
        </p>
        {run.config.repetitions > 1 && <RowAnswers runId={run.id} index={item.index} repetitions={run.config.repetitions} />}
      </PageHeader>

      <section className="card item-detail" aria-labelledby="item-input-title">
        <h2 id="item-input-title">What was sent</h2>
        <h3 className="config-grid__heading">Variables</h3>
        <VariableList variables={item.variables} />
        {systemPrompt && (
          <>
            <h3 className="config-grid__heading">System prompt</h3>
            <pre className="prompt">{systemPrompt}</pre>
          </>
        )}
        <h3 className="config-grid__heading">Rendered prompt</h3>
        {item.renderedPrompt === null ? <p className="muted">Not rendered yet.</p> : <pre className="prompt">{item.renderedPrompt}</pre>}
      </section>

      <section className="card item-detail" aria-labelledby="item-output-title">
        <h2 id="item-output-title">Output</h2>
        {item.output ? (
          <pre className="prompt item-detail__output">{item.output}</pre>
        ) : unfinished && stream.text ? (
          <pre className="prompt item-detail__output" data-testid="streamed-output">
            <span className="streaming">{stream.text}</span>
          </pre>
        ) : (
          <p className="muted">{unfinished ? "Nothing streamed yet." : "No output."}</p>
        )}
        {item.error && (
          <p className="notice notice--error">
            <strong>{item.error.code}:</strong> {item.error.message}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="item-attempts-title">
        <h2 id="item-attempts-title">
          Attempts <span className="muted">({item.attempts})</span>
        </h2>
        {item.attemptHistory.length === 0 ? (
          <p className="empty">{item.attempts === 0 ? "Not attempted yet." : "The attempts were made before a worker restart and are only counted."}</p>
        ) : (
          <Table caption="Attempts at this item" columns={[{ label: "Attempt", numeric: true }, { label: "Latency", numeric: true }, "Result"]}>
            {item.attemptHistory.map((attempt) => (
              <tr key={attempt.number} data-attempt={attempt.number}>
                <td className="numeric">{attempt.number}</td>
                <td className="numeric nowrap">{formatLatency(attempt.latencyMs)}</td>
                <td>
                  {attempt.error ? (
                    <span className="items-table__error">
                      <strong>{attempt.error.code}:</strong> {attempt.error.message}
                    </span>
                  ) : (
                    "Answered"
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section className="card" aria-labelledby="item-reviews-title">
        <h2 id="item-reviews-title">Reviews</h2>
        <ItemReview
          runId={run.id}
          itemIndex={item.index}
          reviews={withReviews(item.reviews, sent)}
          finished={item.status !== "PENDING"}
          onReviewed={(review) => setSent((earlier) => [...earlier, review])}
        />
      </section>

      <section className="card" aria-labelledby="item-assertions-title">
        <h2 id="item-assertions-title">Assertions</h2>
        {item.assertionResults.length === 0 ? (
          <p className="empty">No assertion was checked.</p>
        ) : (
          <Table caption="Assertions of this item" columns={["Assertion", "Expected", "Actual", "Result"]}>
            {item.assertionResults.map((result, position) => (
              <tr key={`${position}:${result.kind}`} data-passed={result.passed}>
                <td>{assertionKindInfo(result.kind).label}</td>
                <td className="mono">{result.value || "—"}</td>
                <td>{assertionActual(result.kind, item)}</td>
                <td className={`assertion-result--${result.passed ? "passed" : "failed"}`}>{result.passed ? "✓ Passed" : "✗ Failed"}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}

/** Links to every answer to this item's row, this one marked: to read a row's answers side by side. */
function RowAnswers({ runId, index, repetitions }: { runId: string; index: number; repetitions: number }) {
  return (
    <nav aria-label="Answers to this row" className="row-answers">
      <span className="muted">Answers to this row:</span>{" "}
      {rowAnswers(index, repetitions).map((answer, position) =>
        answer === index ? (
          <strong key={answer} aria-current="page">
            {position + 1}
          </strong>
        ) : (
          <Link key={answer} to={`/runs/${runId}/items/${answer}`} aria-label={`Answer ${position + 1} of ${repetitions}`}>
            {position + 1}
          </Link>
        ),
      )}
    </nav>
  );
}
