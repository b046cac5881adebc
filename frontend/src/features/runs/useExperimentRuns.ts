import { useCallback, useEffect, useMemo, useState } from "react";
import { useClient, useQuery, type CombinedError } from "urql";
import { subscribeWithClient } from "../../api/subscribeWithClient";
import { useResumableSubscription } from "../../hooks/useResumableSubscription";
import type { ResumableState } from "../../lib/resumableSubscription";
import { mergeCounters, mergeRuns, NO_RUNS, sortRuns, type RunsById } from "./runList";
import type { RunSummary } from "./runVersion";
import { ExperimentRunChangesSubscription, ExperimentRunsQuery } from "./operations";

const PAGE_SIZE = 20;

export interface ExperimentRuns {
  runs: RunSummary[];
  totalCount: number | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  hasMore: boolean;
  loadMore: () => void;
  /** Fold in a run known from elsewhere (the run just started). */
  add: (run: RunSummary) => void;
  stream: ResumableState;
}

/** Where to follow an experiment's runs from: the event cursor read with its first page. */
interface StartCursor {
  experimentId: string;
  cursor: string;
}

/**
 * The runs of one experiment, kept current: queries the first page, which
 * says where the event log stood when it was read, then follows the runs'
 * status changes and counters from that cursor, so nothing between the read
 * and the subscription is missed, and reconciles both by run id (a snapshot
 * never replaces a newer one). After a dropped connection it resumes from
 * the last event's cursor.
 */
export function useExperimentRuns(experimentId: string): ExperimentRuns {
  const client = useClient();
  const [runs, setRuns] = useState<RunsById>(NO_RUNS);
  const [after, setAfter] = useState<string | null>(null);
  const [start, setStart] = useState<StartCursor | null>(null);
  const merge = useCallback((incoming: Iterable<RunSummary>) => setRuns((known) => mergeRuns(known, incoming)), []);

  const [{ data, fetching, error }] = useQuery({
    query: ExperimentRunsQuery,
    variables: { experimentId, first: PAGE_SIZE, after },
    requestPolicy: "cache-and-network",
  });
  useEffect(() => {
    if (!data) return;
    merge(data.runs.edges.map((edge) => edge.node));
    // The first cursor read is the one to follow from; later reads change nothing.
    if (after === null) {
      setStart((known) => (known?.experimentId === experimentId ? known : { experimentId, cursor: data.runs.eventCursor }));
    }
  }, [data, merge, after, experimentId]);

  const subscribe = useMemo(
    () =>
      subscribeWithClient(
        client,
        ExperimentRunChangesSubscription,
        (cursor) => ({ experimentId, after: cursor }),
        (changes) => changes.runChanges,
      ),
    [client, experimentId],
  );
  const startCursor = start?.experimentId === experimentId ? start.cursor : null;
  const stream = useResumableSubscription({
    key: experimentId,
    subscribe,
    after: startCursor,
    pause: startCursor === null,
    resumeOnComplete: true,
    onEvent: (change) => {
      if (change.__typename === "RunStatusChange") merge([change.run]);
      else setRuns((known) => mergeCounters(known, change));
    },
  });

  const pageInfo = data?.runs.pageInfo;
  const loadMore = useCallback(() => {
    if (pageInfo?.hasNextPage && pageInfo.endCursor) setAfter(pageInfo.endCursor);
  }, [pageInfo]);
  const add = useCallback((run: RunSummary) => merge([run]), [merge]);

  const sorted = useMemo(() => sortRuns(runs), [runs]);
  const totalCount = data ? Math.max(data.runs.totalCount, sorted.length) : undefined;

  return {
    runs: sorted,
    totalCount,
    fetching,
    error,
    hasMore: Boolean(pageInfo?.hasNextPage),
    loadMore,
    add,
    stream,
  };
}
