import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useClient, useQuery } from "urql";
import { subscribeWithClient } from "../../api/subscribeWithClient";
import { useResumableSubscription } from "../../hooks/useResumableSubscription";
import { RunEventsSubscription, RunItemsQuery, RunQuery } from "./operations";
import { isTerminal } from "./runStatus";
import { EMPTY_RUN_VIEW, finishedCount, liveStats, runViewReducer, sortedItems } from "./runView";
import type { RunSummary } from "./runVersion";

const ITEMS_PAGE = 100;
/** The shortest time between two queries for what events do not carry. */
const REFRESH_MS = 1_000;

/**
 * One run, live: its snapshot and first page of items from queries, then
 * every event of its log (replayed from the start, then followed) folded in
 * by runViewReducer. A dropped connection resumes from the last event's
 * cursor; the stream ends after the run's terminal event.
 *
 * Events do not carry an item's assertion results nor the run's pass rate
 * and latency percentiles (shown meanwhile as computed from the items), so
 * while items finish both queries are asked again (at most every
 * REFRESH_MS), and once more when the run ends.
 */
export function useRunLive(runId: string) {
  const client = useClient();
  const [view, dispatch] = useReducer(runViewReducer, EMPTY_RUN_VIEW);

  const [runResult, reexecuteRun] = useQuery({ query: RunQuery, variables: { id: runId } });
  useEffect(() => {
    const run = runResult.data?.run;
    if (run) dispatch({ type: "run", run });
  }, [runResult.data]);

  const [itemsAfter, setItemsAfter] = useState<string | null>(null);
  const [itemsResult, reexecuteItems] = useQuery({ query: RunItemsQuery, variables: { id: runId, first: ITEMS_PAGE, after: itemsAfter } });
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

  const refresh = useCallback(() => {
    reexecuteRun({ requestPolicy: "network-only" });
    reexecuteItems({ requestPolicy: "network-only" });
  }, [reexecuteRun, reexecuteItems]);

  // While the run goes on, refresh as items finish: at once if the last refresh (or the
  // page's first queries) was REFRESH_MS ago, else when it will have been; finishes in
  // between are folded into that one.
  const terminal = view.run !== undefined && isTerminal(view.run.status);
  const finished = finishedCount(view);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRefresh = useRef(Date.now());
  useEffect(() => {
    if (view.run === undefined || terminal || finished === 0 || refreshTimer.current !== null) return;
    const wait = Math.max(0, lastRefresh.current + REFRESH_MS - Date.now());
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      lastRefresh.current = Date.now();
      refresh();
    }, wait);
  }, [finished, terminal, view.run, refresh]);
  useEffect(
    () => () => {
      if (refreshTimer.current !== null) clearTimeout(refreshTimer.current);
      refreshTimer.current = null;
    },
    [],
  );

  // When the run finishes while watched, fetch its final aggregates and item results once.
  const wasTerminal = useRef<boolean | undefined>(undefined);
  useEffect(() => {
    if (view.run === undefined) return;
    if (wasTerminal.current === false && terminal) refresh();
    wasTerminal.current = terminal;
  }, [terminal, view.run, refresh]);

  const applyRun = useCallback((run: RunSummary) => dispatch({ type: "run", run }), []);
  const items = useMemo(() => sortedItems(view), [view]);
  // The API's aggregates once it reports the run finished; until then, the same figures over the items finished so far.
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
    loading: runResult.fetching && runResult.data === undefined,
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
