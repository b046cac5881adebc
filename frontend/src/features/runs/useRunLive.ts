import { useCallback, useEffect, useMemo, useReducer, useState } from "react";
import { useClient, useQuery } from "urql";
import { subscribeWithClient } from "../../api/subscribeWithClient";
import { useResumableSubscription } from "../../hooks/useResumableSubscription";
import { RunEventsSubscription, RunItemsQuery, RunQuery } from "./operations";
import { isTerminal } from "./runStatus";
import { EMPTY_RUN_VIEW, liveStats, runViewReducer, sortedItems } from "./runView";
import type { RunSummary } from "./runVersion";

const ITEMS_PAGE = 100;

/**
 * One run, live: its snapshot and first page of items from queries, then
 * every event of its log (replayed from the start, then followed) folded in
 * by runViewReducer. A dropped connection resumes from the last event's
 * cursor; the stream ends after the run's terminal event.
 *
 * The events carry all the page shows of a run and its items (status,
 * counters, output, each item's result and assertion results), so nothing is
 * queried again while the run goes on. The pass rate, mean score and
 * latency percentiles are computed from the finished items as the API
 * computes them; a run already finished when the page opens shows the API's.
 */
export function useRunLive(runId: string) {
  const client = useClient();
  const [view, dispatch] = useReducer(runViewReducer, EMPTY_RUN_VIEW);

  const [runResult] = useQuery({ query: RunQuery, variables: { id: runId } });
  useEffect(() => {
    const run = runResult.data?.run;
    if (run) dispatch({ type: "run", run });
  }, [runResult.data]);

  const [itemsAfter, setItemsAfter] = useState<string | null>(null);
  const [itemsResult] = useQuery({ query: RunItemsQuery, variables: { id: runId, first: ITEMS_PAGE, after: itemsAfter } });
  const itemsPage = itemsResult.data?.run?.items;
  useEffect(() => {
    if (itemsPage) dispatch({ type: "items", items: itemsPage.edges.map((edge) => edge.node) });
  }, [itemsPage]);
  const loadMoreItems = useCallback(() => {
    if (itemsPage?.pageInfo.hasNextPage && itemsPage.pageInfo.endCursor) setItemsAfter(itemsPage.pageInfo.endCursor);
  }, [itemsPage]);

  const subscribe = useMemo(
    () => subscribeWithClient(client, RunEventsSubscription, (after) => ({ runId, after }), (data) => data.runEvents),
    [client, runId],
  );
  const stream = useResumableSubscription({
    key: runId,
    subscribe,
    onEvent: (event) => dispatch({ type: "event", event }),
  });

  const applyRun = useCallback((run: RunSummary) => dispatch({ type: "run", run }), []);
  const items = useMemo(() => sortedItems(view), [view]);
  // The API's aggregates when the query found the run finished; otherwise the same figures over the items finished so far.
  const details = runResult.data?.run ?? undefined;
  const stats = useMemo(
    () => (details && isTerminal(details.status) ? details.stats : liveStats(view.items.values())),
    [details, view.items],
  );

  return {
    run: view.run,
    details,
    stats,
    notFound: runResult.data !== undefined && runResult.data.run === null,
    error: runResult.error,
    items,
    history: view.history,
    itemsTotal: itemsPage?.totalCount,
    hasMoreItems: Boolean(itemsPage?.pageInfo.hasNextPage),
    loadingItems: itemsResult.fetching,
    loadMoreItems,
    applyRun,
    stream,
  };
}
