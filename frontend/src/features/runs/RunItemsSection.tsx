import { Loading } from "../../components/Loading";
import { RunItemsTable } from "./RunItemsTable";
import type { useRunLive } from "./useRunLive";

type LiveRun = ReturnType<typeof useRunLive>;

/** The items card of the run page, with a way to load rows beyond the first page. */
export function RunItemsSection({ live, finished }: { live: LiveRun; finished: boolean }) {
  const { items, itemsVersion, itemsTotal, hasMoreItems, loadingItems, loadMoreItems, applyReview } = live;
  const runId = live.run?.id ?? "";
  return (
    <section className="card" aria-labelledby="items-title">
      <h2 id="items-title">
        Items {itemsTotal !== undefined && <span className="muted">({itemsTotal})</span>}
      </h2>
      {items.size === 0 && loadingItems && <Loading label="Loading items…" />}
      {items.size === 0 && !loadingItems && <p className="empty">This run has no items.</p>}
      {items.size > 0 && <RunItemsTable runId={runId} items={items} version={itemsVersion} runFinished={finished} onReviewed={applyReview} />}
      {hasMoreItems && (
        <div className="toolbar toolbar--end">
          <button type="button" className="button button--secondary" onClick={loadMoreItems} disabled={loadingItems}>
            Load more items
          </button>
        </div>
      )}
    </section>
  );
}
