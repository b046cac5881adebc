import { useCallback, useRef } from "react";
import { useMutation } from "urql";
import { missingPayloadMessage } from "../../api/errors";
import type { CacheMode } from "../../gql/graphql";
import { newIdempotencyKey } from "../../lib/ids";
import { CreateRunMutation } from "./operations";
import type { RunSummary } from "./runVersion";

export type StartOutcome = { ok: true; run: RunSummary } | { ok: false; message: string };

/**
 * Start a run of an experiment. Each start carries a fresh idempotency key,
 * so a retried request can never start a second run.
 */
export function useStartRun(experimentId: string): { starting: boolean; start: (cache?: CacheMode) => Promise<StartOutcome> } {
  const [{ fetching }, createRun] = useMutation(CreateRunMutation);
  const key = useRef<string | null>(null);

  const start = useCallback(async (cache: CacheMode = "USE"): Promise<StartOutcome> => {
    key.current ??= newIdempotencyKey();
    const idempotencyKey = key.current;
    const result = await createRun({ input: { experimentId, idempotencyKey, cache } });
    const payload = result.data?.createRun;
    if (payload === undefined) {
      return { ok: false, message: missingPayloadMessage(result.error) };
    }
    // The request got an answer: the next click is a new run.
    key.current = null;
    if (payload.__typename === "Run") return { ok: true, run: payload };
    return { ok: false, message: payload.message };
  }, [createRun, experimentId]);

  return { starting: fetching, start };
}
