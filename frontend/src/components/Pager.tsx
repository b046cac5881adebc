export interface PagerProps {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  label: string;
}

/** Previous / next buttons for cursor pagination. */
export function Pager({ page, hasPrevious, hasNext, onPrevious, onNext, label }: PagerProps) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="toolbar toolbar--end" aria-label={label}>
      <button type="button" className="button button--secondary" onClick={onPrevious} disabled={!hasPrevious}>
        ← Previous
      </button>
      <span className="muted" aria-live="polite">
        Page {page}
      </span>
      <button type="button" className="button button--secondary" onClick={onNext} disabled={!hasNext}>
        Next →
      </button>
    </nav>
  );
}
