import type { AssertionResultFieldsFragment } from "../../gql/graphql";
import { describeAssertion } from "./assertionKinds";
import "./AssertionResults.css";

/** Each assertion of an item with whether it held; the text (✓ passed / ✗ failed) carries it, not only the colour. */
export function AssertionResults({ results }: { results: readonly AssertionResultFieldsFragment[] }) {
  if (results.length === 0) return null;
  return (
    <ul className="assertion-results" aria-label="Assertions">
      {results.map((result, position) => (
        <li
          key={`${position}:${result.kind}:${result.value}`}
          className={`assertion-result assertion-result--${result.passed ? "passed" : "failed"}`}
          data-passed={result.passed}
        >
          <span aria-hidden="true">{result.passed ? "✓" : "✗"}</span>
          <span className="visually-hidden">{result.passed ? "Passed: " : "Failed: "}</span>
          {describeAssertion(result)}
        </li>
      ))}
    </ul>
  );
}
