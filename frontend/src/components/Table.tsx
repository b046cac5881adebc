import type { ReactNode } from "react";

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
}

/** A table that scrolls sideways when narrow, with its caption and header row. */
export function Table({ caption, columns, className, children }: TableProps) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : "table"}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
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
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
