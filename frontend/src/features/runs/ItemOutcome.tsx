import type { ReactNode } from "react";
import type { AssertionResultFieldsFragment, RunErrorFieldsFragment } from "../../gql/graphql";
import { AssertionResults } from "../assertions/AssertionResults";

interface ItemOutcomeProps {
  item: { error: RunErrorFieldsFragment | null; assertionResults: readonly AssertionResultFieldsFragment[] };
  /** The output, shown as the table needs it. */
  children: ReactNode;
}

/** An item's output, then why it failed and how each of its assertions went. */
export function ItemOutcome({ item, children }: ItemOutcomeProps) {
  return (
    <>
      {children}
      {item.error && <div className="items-table__error">{item.error.message}</div>}
      <AssertionResults results={item.assertionResults} />
    </>
  );
}
