import { useState } from "react";
import { useMutation } from "urql";
import { missingPayloadMessage } from "../../api/errors";
import { ArchiveExperimentMutation } from "./operations";

/** Archive an experiment, asked twice: it leaves the list and its name becomes free; its runs stay. */
export function ArchiveExperimentButton({ experimentId, onArchived }: { experimentId: string; onArchived: () => void }) {
  const [{ fetching }, archive] = useMutation(ArchiveExperimentMutation);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onConfirm = async () => {
    setError(null);
    const result = await archive({ input: { id: experimentId } });
    const payload = result.data?.archiveExperiment;
    if (payload?.__typename === "Experiment") onArchived();
    else setError(payload ? payload.message : missingPayloadMessage(result.error));
    setConfirming(false);
  };

  return (
    <>
      {confirming ? (
        <>
          <button type="button" className="button button--danger" onClick={onConfirm} disabled={fetching}>
            Archive: yes
          </button>
          <button type="button" className="button button--secondary" onClick={() => setConfirming(false)} disabled={fetching}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
          Archive
        </button>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          The experiment could not be archived: {error}
        </p>
      )}
    </>
  );
}
