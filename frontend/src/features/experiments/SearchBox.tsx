import { useId } from "react";

/** The search field of a list, filtering as one types. */
export function SearchBox({ value, onChange, label }: { value: string; onChange: (value: string) => void; label: string }) {
  const id = useId();
  return (
    <div role="search" className="search-box">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} type="search" value={value} placeholder={`${label}…`} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
