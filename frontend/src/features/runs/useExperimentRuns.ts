import { useCallback, useEffect, useMemo, useState } from "react";
import { useClient, useQuery, type CombinedError } from "urql";
import { subscribeWithClient } from "../../api/subscribeWithClient";
import { useConnectionStatus } from "../../hooks/useConnectionStatus";
import { useResumableSubscription } from "../../hooks/useResumableSubscription";
import type { ResumableState } from "../../lib/resumableSubscription";
import { mergeRuns, NO_RUNS, sortRuns, type RunsById } from "./runList";
import type { RunSummary } from "./runVersion";
import { ExperimentRunChangesSubscription, ExperimentRunsQuery } from "./operations";

const PAGE_SIZE = 20;
/** How long the first query waits for the live connection before going ahead anyway. */
const SUBSCRIBE_GRACE_MS = 1_500;

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

/**
 * The runs of one experiment, kept current: subscribes to the experiment's
 * status changes first, then queries the runs, and reconciles both by run id
 * (a snapshot never replaces a newer one). After a dropped connection it
 * resumes from the last event's cursor, or, when it had seen none, queries
 * the first page again to catch up.
 */
export function useExperimentRuns(experimentId: string): ExperimentRuns {
  const client = useClient();
  const [runs, setRuns] = useState<RunsById>(NO_RUNS);
  const [after, setAfter] = useState<string | null>(null);
  const merge = useCallback((incoming: Iterable<RunSummary>) => setRuns((known) => mergeRuns(known, incoming)), []);

  const subscribe = useMemo(
    () =>
      subscribeWithClient(
        client,
        ExperimentRunChangesSubscription,
        (cursor) => ({ experimentId, after: cursor }),
        (data) => data.runStatusChanges,
      ),
    [client, experimentId],
  );
  const refetchFirstPage = useCallback(() => {
    void client
      .query(ExperimentRunsQuery, { experimentId, first: PAGE_SIZE, after: null }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (result.data) merge(result.data.runs.edges.map((edge) => edge.node));
      });
  }, [client, experimentId, merge]);

  const stream = useResumableSubscription({
    key: experimentId,
    subscribe,
    resumeOnComplete: true,
    onEvent: (event) => merge([event.run]),
    // Without a cursor the stream restarts "from now": query what was missed.
    onResume: (cursor) => {
      if (cursor === null) refetchFirstPage();
    },
  });

  // Subscribe first, then query: wait until the socket is up (briefly).
  const connection = useConnectionStatus();
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    if (connection === "connected") {
      setSubscribed(true);
      return;
    }
    const timer = setTimeout(() => setSubscribed(true), SUBSCRIBE_GRACE_MS);
    return () => clearTimeout(timer);
  }, [connection]);

  const [{ data, fetching, error }] = useQuery({
    query: ExperimentRunsQuery,
    variables: { experimentId, first: PAGE_SIZE, after },
    pause: !subscribed,
    requestPolicy: "cache-and-network",
  });
  useEffect(() => {
    if (data) merge(data.runs.edges.map((edge) => edge.node));
  }, [data, merge]);

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
    fetching: fetching || !subscribed,
    error,
    hasMore: Boolean(pageInfo?.hasNextPage),
    loadMore,
    add,
    stream,
  };
}
