import { Client, makeResult, type Exchange, type Operation, type OperationResult } from "urql";
import { filter, makeSubject, mergeMap, onPush, pipe, type Subject } from "wonka";

/**
 * An urql Client whose only exchange records every operation and lets the
 * test answer it: `respond(operation, data)` sends one result for it.
 */
export function fakeServer() {
  const operations: Operation[] = [];
  const streams = new Map<number, Subject<OperationResult>>();

  const exchange: Exchange = () => (operations$) =>
    pipe(
      operations$,
      onPush((operation) => operations.push(operation)),
      filter((operation) => operation.kind !== "teardown"),
      mergeMap((operation) => {
        const stream = makeSubject<OperationResult>();
        streams.set(operation.key, stream);
        return stream.source;
      }),
    );

  return {
    client: new Client({ url: "/graphql", exchanges: [exchange] }),
    /** Every operation sent so far, in order, by kind. */
    sent: (kind: Operation["kind"]) => operations.filter((operation) => operation.kind === kind),
    operations,
    respond(operation: Operation, data: Record<string, unknown>): void {
      const stream = streams.get(operation.key);
      if (stream === undefined) throw new Error(`operation ${operation.key} was never sent`);
      stream.next(makeResult(operation, { data }));
    },
  };
}
