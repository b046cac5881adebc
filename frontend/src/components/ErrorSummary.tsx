import { useEffect, useRef, type MouseEvent } from "react";

export interface ErrorSummaryItem {
  /** The id of the control the messages belong to; none for form-wide messages. */
  targetId?: string;
  label?: string;
  messages: readonly string[];
}

function focusTarget(event: MouseEvent<HTMLAnchorElement>, id: string | undefined): void {
  const target = id ? document.getElementById(id) : null;
  if (target === null) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: "center" });
}

/**
 * The list of everything wrong with a submitted form, at its top, focused
 * when it appears so that screen readers announce it; each entry links to
 * its field.
 */
export function ErrorSummary({ title, items }: { title: string; items: readonly ErrorSummaryItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [items]);
  if (items.length === 0) return null;
  return (
    <div className="notice notice--error error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="error-summary__title">{title}</h2>
      <ul>
        {items.flatMap((item) =>
          item.messages.map((message) => (
            <li key={`${item.targetId ?? "form"}:${message}`}>
              {item.targetId ? (
                <a href={`#${item.targetId}`} onClick={(event) => focusTarget(event, item.targetId)}>
                  {item.label}: {message}
                </a>
              ) : (
                message
              )}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}
