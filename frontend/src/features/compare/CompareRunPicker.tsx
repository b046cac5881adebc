import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";
import { formatShortDateTime } from "../../lib/format";
import { compareUrl } from "./compareUrl";
import "./CompareRunPicker.css";
import { RunChoicesQuery } from "./operations";

const CHOICES = 50;

export interface CompareRunPickerProps {
  runId: string;
  experimentId: string;
  parentRunId: string | null;
}

/**
 * Ways to compare this run: with the run it reran, and with any other run
 * of the same experiment (this run is measured against the one picked).
 */
export function CompareRunPicker({ runId, experimentId, parentRunId }: CompareRunPickerProps) {
  const navigate = useNavigate();
  const [{ data }] = useQuery({
    query: RunChoicesQuery,
    variables: { experimentId, first: CHOICES },
    requestPolicy: "cache-and-network",
  });
  const others = (data?.runs.edges ?? []).map((edge) => edge.node).filter((run) => run.id !== runId);
  const [picked, setPicked] = useState("");
  const base = picked || others[0]?.id || "";

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (base) navigate(compareUrl(base, runId));
  };

  if (parentRunId === null && others.length === 0) return null;
  return (
    <form className="compare-picker" onSubmit={onSubmit} aria-label="Compare this run">
      {parentRunId && (
        <Link className="button button--secondary" to={compareUrl(parentRunId, runId)}>
          Compare with parent
        </Link>
      )}
      {others.length > 0 && (
        <div className="compare-picker__other">
          <label htmlFor="compare-with" className="visually-hidden">
            Run to compare with
          </label>
          <select id="compare-with" value={base} onChange={(event) => setPicked(event.target.value)}>
            {others.map((run) => (
              <option key={run.id} value={run.id}>
                {run.id.slice(0, 8)} · {run.status.toLowerCase()} · {formatShortDateTime(run.createdAt)}
                {run.id === parentRunId ? " (parent)" : ""}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--secondary">
            Compare
          </button>
        </div>
      )}
    </form>
  );
}
