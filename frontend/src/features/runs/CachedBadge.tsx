import "./CachedBadge.css";

/** Marks an item answered from the response cache: its tokens and cost were not spent again. */
export function CachedBadge() {
  return (
    <span className="cached-badge" title="Answered from the response cache: this run spent nothing on it">
      cached
    </span>
  );
}
