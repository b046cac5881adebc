import { useCallback } from "react";
import { useMutation } from "urql";
import { missingPayloadMessage } from "../../api/errors";
import type { CacheMode, RerunScope } from "../../gql/graphql";
import { RerunMutation } from "./operations";
import type { RunSummary } from "./runVersion";

export type RerunOutcome = { ok: true; runId: string; run: RunSummary } | { ok: false; message: string };

/** Run a finished run's frozen config again, all items or only the failed ones. */
export function useRerun(runId: string): { rerunning: boolean; rerun: (scope: RerunScope, cache?: CacheMode) => Promise<RerunOutcome> } {
  const [{ fetching }, rerunMutation] = useMutation(RerunMutation);
  const rerun = useCallback(
    async (scope: RerunScope, cache: CacheMode = "USE"): Promise<RerunOutcome> => {
      const result = await rerunMutation({ input: { id: runId, scope, cache } });
      const payload = result.data?.rerun;
      if (payload === undefined) {
        return { ok: false, message: missingPayloadMessage(result.error) };
      }
      if (payload.__typename === "Run") return { ok: true, runId: payload.id, run: payload };
      return { ok: false, message: payload.message };
    },
    [rerunMutation, runId],
  );
  return { rerunning: fetching, rerun };
}
