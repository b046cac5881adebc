import { useCallback, useState } from "react";

export interface CursorPages {
  /** The `after` of the page shown; null for the first page. */
  after: string | null;
  /** 1 for the first page. */
  page: number;
  next: (endCursor: string) => void;
  previous: () => void;
}

/**
 * Forward-only cursor pagination with a way back: remembers the `after` of
 * every page visited. Starts over whenever `resetKey` changes (a new search).
 */
export function useCursorPages(resetKey: string): CursorPages {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({ key: resetKey, stack: [null] });
  const stack = state.key === resetKey ? state.stack : [null];
  if (state.key !== resetKey) setState({ key: resetKey, stack });

  const next = useCallback(
    (endCursor: string) => setState((current) => ({ key: resetKey, stack: [...(current.key === resetKey ? current.stack : [null]), endCursor] })),
    [resetKey],
  );
  const previous = useCallback(
    () => setState((current) => ({ key: resetKey, stack: current.stack.length > 1 ? current.stack.slice(0, -1) : current.stack })),
    [resetKey],
  );
  return { after: stack[stack.length - 1] ?? null, page: stack.length, next, previous };
}
