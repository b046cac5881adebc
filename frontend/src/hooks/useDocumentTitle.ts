import { useEffect } from "react";

/** Name the browser tab after the page: "Experiments · Runcast". */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Runcast` : "Runcast";
  }, [title]);
}
