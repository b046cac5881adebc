import type { AssertionKind, ExecutorKind } from "../../gql/graphql";
import { describeAssertion } from "./assertionKinds";
import "./AssertionResults.css";

/** An assertion as configured; the details are left out by queries that do not need them. */
export interface ConfiguredAssertion {
  kind: AssertionKind;
  value: string;
  name?: string | null;
  weight?: number;
  threshold?: number | null;
  judge?: { executor: ExecutorKind; model: string } | null;
  embedding?: { executor: ExecutorKind; model: string } | null;
}

/** `weight 2, threshold 0.7, judged by OPENAI judge-1`: what differs from the defaults. */
export function assertionDetails({ weight, threshold, judge, embedding }: ConfiguredAssertion): string {
  const details: string[] = [];
  if (weight !== undefined && weight !== 1) details.push(`weight ${weight}`);
  if (threshold !== undefined && threshold !== null) details.push(`threshold ${threshold}`);
  if (judge) details.push(`judged by ${judge.executor} ${judge.model}`);
  if (embedding) details.push(`by meaning, ${embedding.executor} ${embedding.model}`);
  return details.join(", ");
}

/** Assertions as configured (not yet checked against anything). */
export function AssertionList({ assertions }: { assertions: readonly ConfiguredAssertion[] }) {
  return (
    <ul className="assertion-results assertion-results--plain">
      {assertions.map((assertion, position) => {
        const details = assertionDetails(assertion);
        return (
          <li key={`${position}:${assertion.kind}`} className="assertion-result assertion-result--configured">
            {assertion.name ? `${assertion.name}: ` : ""}
            {describeAssertion(assertion)}
            {details && <span className="muted"> ({details})</span>}
          </li>
        );
      })}
    </ul>
  );
}
