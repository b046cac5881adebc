import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { Table } from "../../components/Table";
import { ItemRow } from "./ItemRow";
import type { Review } from "../reviews/reviews";
import type { RunItems } from "./runItems";
import "./RunItemsTable.css";

const COLUMNS = [
  { label: "#", numeric: true },
  "Variables",
  "Status",
  "Output",
  { label: "Latency", numeric: true },
  { label: "Tokens", numeric: true },
  { label: "Cost", numeric: true },
  { label: "Score", numeric: true },
  "Review",
];

/** A row's height before it is measured: one line of output with its assertion chips. */
const ESTIMATED_ROW_PX = 72;
/**
 * Rows rendered beyond each edge of the window. Enough that scrolling does
 * not show blank space, and that a run of a few dozen items renders whole.
 */
const OVERSCAN_ROWS = 20;

const estimateRowHeight = () => ESTIMATED_ROW_PX;

interface RunItemsTableProps {
  runId: string;
  items: RunItems;
  /** The item indices to show, in order; left out: every item known, in dataset order. */
  order?: readonly number[];
  /** `items` changes in place: a new version is what tells this table to redraw. */
  version: number;
  runFinished: boolean;
  /** Answers the run asks per row: above one, each item says its row and repetition. */
  repetitions?: number;
  /** Called with a review the server stored, to show it before its event arrives. */
  onReviewed?: (itemIndex: number, review: Review) => void;
}

/**
 * The run's dataset rows with their output, streaming in as it is written.
 * Only the rows near the window are rendered (the page scrolls as a whole;
 * empty rows above and below stand in for the others), so a run of 10,000
 * items costs the DOM a few dozen rows.
 */
export const RunItemsTable = memo(function RunItemsTable({ runId, items, order, runFinished, repetitions = 1, onReviewed }: RunItemsTableProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const scrollMargin = usePageTop(body);
  const count = order ? order.length : items.size;
  const itemAt = useCallback(
    (position: number) => {
      if (order === undefined) return items.at(position);
      const index = order[position];
      return index === undefined ? undefined : items.get(index);
    },
    [items, order],
  );
  const getItemKey = useCallback((position: number) => itemAt(position)?.index ?? position, [itemAt]);
  const rows = useWindowVirtualizer({
    count,
    estimateSize: estimateRowHeight,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
    getItemKey,
    indexAttribute: "data-position",
  });
  const shown = rows.getVirtualItems();
  const above = (shown[0]?.start ?? scrollMargin) - scrollMargin;
  const below = rows.getTotalSize() - ((shown.at(-1)?.end ?? scrollMargin) - scrollMargin);

  return (
    <Table caption="Items of this run" columns={COLUMNS} className="items-table" bodyRowCount={count} bodyRef={body}>
      <SpacerRow height={above} />
      {shown.map((row) => {
        const item = itemAt(row.index);
        return (
          item && (
            <ItemRow
              key={row.key}
              runId={runId}
              item={item}
              position={row.index}
              runFinished={runFinished}
              repetitions={repetitions}
              measureRef={rows.measureElement}
              onReviewed={onReviewed}
            />
          )
        );
      })}
      <SpacerRow height={below} />
    </Table>
  );
});

/** Empty space standing in for rows not rendered. */
function SpacerRow({ height }: { height: number }) {
  if (height <= 0) return null;
  return (
    <tr className="items-table__spacer" aria-hidden="true">
      <td colSpan={COLUMNS.length} style={{ height }} />
    </tr>
  );
}

/** How far below the top of the page an element starts. */
function pageTopOf(element: HTMLElement): number {
  let top = 0;
  for (let node: Element | null = element; node instanceof HTMLElement; node = node.offsetParent) top += node.offsetTop;
  return top;
}

/**
 * Where an element starts on the page, kept up to date as the page's layout
 * changes: what is above the table (a notice, the status history) may grow
 * without the table rendering again.
 */
function usePageTop(ref: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => setTop(pageTopOf(element));
    measure();
    if (typeof ResizeObserver === "undefined") return; // jsdom
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return top;
}
