import { useCallback } from "react";
import { useMutation } from "urql";
import { missingPayloadMessage } from "../../api/errors";
import { CancelRunMutation } from "./operations";
import type { RunSummary } from "./runVersion";

export type CancelOutcome = { ok: true; run: RunSummary } | { ok: false; message: string };

/** Ask for a run to be cancelled: PENDING ends at once, RUNNING goes through CANCELLING. */
export function useCancelRun(runId: string): { cancelling: boolean; cancel: () => Promise<CancelOutcome> } {
  const [{ fetching }, cancelRun] = useMutation(CancelRunMutation);
  const cancel = useCallback(async (): Promise<CancelOutcome> => {
    const result = await cancelRun({ input: { id: runId } });
    const payload = result.data?.cancelRun;
    if (payload === undefined) {
      return { ok: false, message: missingPayloadMessage(result.error) };
    }
    if (payload.__typename === "Run") return { ok: true, run: payload };
    return { ok: false, message: payload.message };
  }, [cancelRun, runId]);
  return { cancelling: fetching, cancel };
}
