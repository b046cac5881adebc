import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useClient, useQuery } from "urql";
import { subscribeWithClient } from "../../api/subscribeWithClient";
import { useResumableSubscription } from "../../hooks/useResumableSubscription";
import { NO_REVIEWS, type Review } from "../reviews/reviews";
import { RunEventsSubscription, RunItemsQuery, RunQuery } from "./operations";
import { isTerminal } from "./runStatus";
import { RunViewStore } from "./runView";
import type { ItemOrder } from "../../gql/graphql";
import type { RunSummary } from "./runVersion";

const ITEMS_PAGE = 100;

/** Which items the table shows: the server filters, searches and sorts them. */
export interface ItemsFilter {
  failing: boolean;
  search: string;
  orderBy: ItemOrder;
}

export const EVERY_ITEM: ItemsFilter = { failing: false, search: "", orderBy: "INDEX" };

function isNarrowed(filter: ItemsFilter): boolean {
  return filter.failing || filter.search !== "" || filter.orderBy !== "INDEX";
}

/**
 * One run, live: its snapshot and first page of items from queries, then
 * every event of its log (replayed from the start, then followed) folded in
 * by a RunViewStore, a frame's worth of events at a time. A dropped
 * connection resumes from the last event's cursor. The stream asks for the
 * run's reviews too, so it goes on after the run's terminal event: a review
 * added anywhere shows here at once.
 *
 * The events carry all the page shows of a run and its items (status,
 * counters, output, each item's result and assertion results), so nothing is
 * queried again while the run goes on. The pass rate, mean score and
 * latency percentiles are computed from the finished items as the API
 * computes them; a run already finished when the page opens shows the API's.
 * The human pass rate and reviewed items are the API's, then those of the
 * latest ReviewAdded event.
 */
export function useRunLive(runId: string) {
  const client = useClient();
  const [store] = useState(() => new RunViewStore());
  useEffect(() => () => store.stop(), [store]);
  const view = useSyncExternalStore(store.subscribe, store.getSnapshot);

  const [runResult, reexecuteRunQuery] = useQuery({ query: RunQuery, variables: { id: runId } });
  useEffect(() => {
    const run = runResult.data?.run;
    if (run) store.apply({ type: "run", run });
  }, [store, runResult.data]);

  const [filter, setFilterState] = useState<ItemsFilter>(EVERY_ITEM);
  const [itemsAfter, setItemsAfter] = useState<string | null>(null);
  // The indices a narrowed list has shown, page after page, in the server's order.
  const [order, setOrder] = useState<readonly number[]>([]);
  const narrowed = isNarrowed(filter);
  const itemsAfterRef = useRef(itemsAfter);
  itemsAfterRef.current = itemsAfter;
  const [itemsResult] = useQuery({
    query: RunItemsQuery,
    variables: {
      id: runId,
      first: ITEMS_PAGE,
      after: itemsAfter,
      failing: filter.failing,
      search: filter.search || null,
      orderBy: filter.orderBy,
    },
  });
  const itemsPage = itemsResult.data?.run?.items;
  useEffect(() => {
    if (!itemsPage) return;
    const nodes = itemsPage.edges.map((edge) => edge.node);
    store.apply({ type: "items", items: nodes });
    const indices = nodes.map((node) => node.index);
    // A first page starts the list afresh; a later one adds what it has not shown yet.
    const first = itemsAfterRef.current === null;
    setOrder((shown) => {
      if (first) return indices;
      const known = new Set(shown);
      return [...shown, ...indices.filter((index) => !known.has(index))];
    });
  }, [store, itemsPage]);
  const setFilter = useCallback((next: ItemsFilter) => {
    setFilterState(next);
    setItemsAfter(null);
  }, []);
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
    onEvent: (event) => store.receive(event),
  });

  // Once the run has finished, read it again: its final statistics and outcome counts are the server's.
  const finishedLive = view.run !== undefined && isTerminal(view.run.status);
  const queriedLive = runResult.data?.run != null && !isTerminal(runResult.data.run.status);
  useEffect(() => {
    if (finishedLive && queriedLive) reexecuteRunQuery({ requestPolicy: "network-only" });
  }, [finishedLive, queriedLive, reexecuteRunQuery]);

  const applyRun = useCallback((run: RunSummary) => store.apply({ type: "run", run }), [store]);
  const applyReview = useCallback((itemIndex: number, review: Review) => store.apply({ type: "review", itemIndex, review }), [store]);
  const details = runResult.data?.run ?? undefined;
  const stats = useMemo(() => {
    // The API's aggregates when the query found the run finished; otherwise the same figures over the items finished so far.
    const automatic = details && isTerminal(details.status) ? details.stats : view.stats;
    const human = view.reviews ?? details?.stats ?? NO_REVIEWS;
    return { ...automatic, humanPassRate: human.humanPassRate, reviewedItems: human.reviewedItems };
  }, [details, view.stats, view.reviews]);

  return {
    run: view.run,
    details,
    stats,
    notFound: runResult.data !== undefined && runResult.data.run === null,
    error: runResult.error,
    items: view.items,
    itemsVersion: view.itemsVersion,
    filter,
    setFilter,
    /** The items a narrowed list shows, in order; undefined: every item, in dataset order. */
    itemsOrder: narrowed ? order : undefined,
    history: view.history,
    itemsTotal: itemsPage?.totalCount,
    hasMoreItems: Boolean(itemsPage?.pageInfo.hasNextPage),
    loadingItems: itemsResult.fetching,
    loadMoreItems,
    applyRun,
    applyReview,
    stream,
  };
}
