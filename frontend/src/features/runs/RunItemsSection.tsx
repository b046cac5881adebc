import { useEffect, useId, useState } from "react";
import { Loading } from "../../components/Loading";
import type { ItemOrder } from "../../gql/graphql";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { RunItemsTable } from "./RunItemsTable";
import type { ItemsFilter, useRunLive } from "./useRunLive";
import "./RunItemsSection.css";

type LiveRun = ReturnType<typeof useRunLive>;

const ORDERS: readonly { value: ItemOrder; label: string }[] = [
  { value: "INDEX", label: "Dataset order" },
  { value: "SCORE_ASC", label: "Score, lowest first" },
  { value: "SCORE_DESC", label: "Score, highest first" },
  { value: "LATENCY_DESC", label: "Latency, slowest first" },
  { value: "LATENCY_ASC", label: "Latency, fastest first" },
];

/** The items card of the run page: filter, sort and search (by the server), and load rows beyond the first page. */
export function RunItemsSection({ live, runId, finished, repetitions }: { live: LiveRun; runId: string; finished: boolean; repetitions: number }) {
  const { items, itemsVersion, itemsTotal, itemsOrder, hasMoreItems, loadingItems, loadMoreItems, filter, setFilter, applyReview } = live;
  const shown = itemsOrder ? itemsOrder.length : items.size;
  return (
    <section className="card" aria-labelledby="items-title">
      <div className="card__header">
        <h2 id="items-title">
          Items {itemsTotal !== undefined && <span className="muted">({itemsTotal})</span>}
        </h2>
        <ItemsToolbar filter={filter} onChange={setFilter} />
      </div>
      {shown === 0 && loadingItems && <Loading label="Loading items…" />}
      {shown === 0 && !loadingItems && (
        <p className="empty">{itemsOrder ? "No item matches." : "This run has no items."}</p>
      )}
      {shown > 0 && (
        <RunItemsTable
          runId={runId}
          items={items}
          order={itemsOrder}
          version={itemsVersion}
          runFinished={finished}
          repetitions={repetitions}
          onReviewed={applyReview}
        />
      )}
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

/** "Only failing", the order and a search of the outputs. */
function ItemsToolbar({ filter, onChange }: { filter: ItemsFilter; onChange: (filter: ItemsFilter) => void }) {
  const id = useId();
  const [typed, setTyped] = useState(filter.search);
  const search = useDebouncedValue(typed, 300).trim();
  useEffect(() => {
    if (search !== filter.search) onChange({ ...filter, search });
  }, [search, filter, onChange]);

  return (
    <div className="items-toolbar" role="group" aria-label="Which items to show">
      <label className="items-toolbar__check">
        <input type="checkbox" checked={filter.failing} onChange={(event) => onChange({ ...filter, failing: event.target.checked })} />
        Only failing
      </label>
      <label htmlFor={`${id}-order`} className="visually-hidden">
        Sort items
      </label>
      <select id={`${id}-order`} value={filter.orderBy} onChange={(event) => onChange({ ...filter, orderBy: event.target.value as ItemOrder })}>
        {ORDERS.map((order) => (
          <option key={order.value} value={order.value}>
            {order.label}
          </option>
        ))}
      </select>
      <div role="search" className="search-box items-toolbar__search">
        <label htmlFor={`${id}-search`} className="visually-hidden">
          Search outputs
        </label>
        <input id={`${id}-search`} type="search" value={typed} placeholder="Search outputs…" onChange={(event) => setTyped(event.target.value)} />
      </div>
    </div>
  );
}
