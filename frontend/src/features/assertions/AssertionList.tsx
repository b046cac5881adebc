import type { AssertionKind } from "../../gql/graphql";
import { describeAssertion } from "./assertionKinds";
import "./AssertionResults.css";

/** Assertions as configured (not yet checked against anything). */
export function AssertionList({ assertions }: { assertions: readonly { kind: AssertionKind; value: string }[] }) {
  return (
    <ul className="assertion-results assertion-results--plain">
      {assertions.map((assertion, position) => (
        <li key={`${position}:${assertion.kind}`} className="assertion-result assertion-result--configured">
          {describeAssertion(assertion)}
        </li>
      ))}
    </ul>
  );
}
