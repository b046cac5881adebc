import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { AnyVariables, Client, CombinedError } from "urql";
import { onEnd, pipe, subscribe } from "wonka";
import type { SubscribeFrom, SubscriptionFailure } from "../lib/resumableSubscription";

function failureOf(error: CombinedError): SubscriptionFailure {
  if (error.networkError !== undefined || error.graphQLErrors.length === 0) {
    return { kind: "network", message: "The live connection was lost." };
  }
  return { kind: "graphql", message: error.graphQLErrors.map((e) => e.message).join("; ") };
}

/**
 * Adapt an urql subscription to the observer ResumableSubscription expects:
 * one event per result, then exactly one of error or complete.
 */
export function subscribeWithClient<Data, Variables extends AnyVariables, Event>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: (after: string | null) => Variables,
  select: (data: Data) => Event,
): SubscribeFrom<Event> {
  return (after, observer) => {
    let ended = false;
    const end = (finish: () => void) => {
      if (ended) return;
      ended = true;
      finish();
    };
    const { unsubscribe } = pipe(
      client.subscription(document, variables(after)),
      onEnd(() => end(() => observer.complete())),
      subscribe((result) => {
        if (ended) return;
        if (result.error) {
          const failure = failureOf(result.error);
          end(() => observer.error(failure));
        } else if (result.data) {
          observer.next(select(result.data));
        }
      }),
    );
    return () => {
      ended = true;
      unsubscribe();
    };
  };
}
