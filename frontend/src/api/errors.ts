import type { CombinedError } from "urql";

/** A short message for a failed request, without internals. */
export function describeError(error: CombinedError | Error | string): string {
  if (typeof error === "string") return error;
  if ("graphQLErrors" in error) {
    if (error.networkError) return "The Runcast server could not be reached.";
    const messages = error.graphQLErrors.map((e) => e.message);
    if (messages.length > 0) return messages.join("; ");
  }
  return error.message;
}

/** Why a mutation gave no payload: the request failed, or the answer was empty. */
export function missingPayloadMessage(error: CombinedError | undefined): string {
  return error ? describeError(error) : "No answer from the server.";
}
