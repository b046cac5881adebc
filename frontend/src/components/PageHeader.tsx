import type { ReactNode } from "react";
import { Link } from "react-router";

export interface Crumb {
  label: ReactNode;
  to: string;
}

interface PageHeaderProps {
  /**
   * Where the page sits below the experiments list: the pages in between,
   * then its own name. Without it, no breadcrumbs.
   */
  breadcrumbs?: { via?: readonly Crumb[]; current: ReactNode };
  /** The heading and what stands under it. */
  children: ReactNode;
  /** Buttons and links beside the heading. */
  actions?: ReactNode;
}

/** The top of a page: breadcrumbs, heading and its actions. */
export function PageHeader({ breadcrumbs, children, actions }: PageHeaderProps) {
  return (
    <div className="page-header">
      <div className="page-header__title">
        {breadcrumbs && (
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            <ol>
              {[{ label: "Experiments", to: "/" }, ...(breadcrumbs.via ?? [])].map((crumb) => (
                <li key={crumb.to}>
                  <Link to={crumb.to}>{crumb.label}</Link>
                </li>
              ))}
              <li aria-current="page">{breadcrumbs.current}</li>
            </ol>
          </nav>
        )}
        {children}
      </div>
      {actions}
    </div>
  );
}
