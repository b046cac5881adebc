import { useCallback, useState } from "react";

const REVIEWER_KEY = "runcast.reviewer";

function stored(): string {
  try {
    return window.localStorage.getItem(REVIEWER_KEY) ?? "";
  } catch {
    return "";
  }
}

/** The name this browser reviews under when the server needs no token, remembered across visits. */
export function useReviewerName(): [string, (name: string) => void] {
  const [name, setName] = useState(stored);
  const remember = useCallback((next: string) => {
    setName(next);
    try {
      window.localStorage.setItem(REVIEWER_KEY, next);
    } catch {
      // Storage may be unavailable (private mode): the name lasts for this page.
    }
  }, []);
  return [name, remember];
}
