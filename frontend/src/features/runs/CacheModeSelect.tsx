import { useId } from "react";
import type { CacheMode } from "../../gql/graphql";

const CACHE_MODES: readonly { mode: CacheMode; label: string }[] = [
  { mode: "USE", label: "Use the cache" },
  { mode: "REFRESH", label: "Refresh the cache" },
  { mode: "OFF", label: "No cache" },
];

/** Picks how a run to start uses the response cache. */
export function CacheModeSelect({ value, onChange, disabled }: { value: CacheMode; onChange: (mode: CacheMode) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <span className="cache-mode">
      <label htmlFor={id}>Response cache</label>{" "}
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value as CacheMode)}
        title="Use: answers asked for before cost nothing. Refresh: ask the model again and keep the new answers. No cache: neither read nor write it."
      >
        {CACHE_MODES.map(({ mode, label }) => (
          <option key={mode} value={mode}>
            {label}
          </option>
        ))}
      </select>
    </span>
  );
}
