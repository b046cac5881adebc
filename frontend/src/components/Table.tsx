import type { ReactNode, Ref } from "react";

export interface Column {
  label: string;
  /** Right-aligned, for numbers. */
  numeric?: boolean;
  /** Named for screen readers only. */
  hiddenLabel?: boolean;
}

interface TableProps {
  /** Read by screen readers only. */
  caption: string;
  /** The header row: a label, or a column that says more. */
  columns: readonly (string | Column)[];
  /** Added to `table`. */
  className?: string;
  /** The body's rows. */
  children: ReactNode;
  /**
   * How many body rows there are in all, when only some are rendered (a
   * virtualised table): screen readers then announce the full size, and each
   * rendered row carries its aria-rowindex (the header row is 1).
   */
  bodyRowCount?: number;
  bodyRef?: Ref<HTMLTableSectionElement>;
}

/** A table that scrolls sideways when narrow, with its caption and header row. */
export function Table({ caption, columns, className, children, bodyRowCount, bodyRef }: TableProps) {
  const virtualised = bodyRowCount !== undefined;
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : "table"} aria-rowcount={virtualised ? bodyRowCount + 1 : undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr aria-rowindex={virtualised ? 1 : undefined}>
            {columns.map((column) => {
              const { label, numeric = false, hiddenLabel = false }: Column = typeof column === "string" ? { label: column } : column;
              return (
                <th key={label} scope="col" className={numeric ? "numeric" : undefined}>
                  {hiddenLabel ? <span className="visually-hidden">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={bodyRef}>{children}</tbody>
      </table>
    </div>
  );
}
