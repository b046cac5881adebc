import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { ForgetTokenButton } from "./ForgetTokenButton";
import "./Layout.css";

/** The frame of every page: header with navigation and connection state, then the page. */
export function Layout({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <NavLink to="/" className="app-header__brand" end>
            <span className="app-header__logo" aria-hidden="true">
              ▶
            </span>
            Runcast
          </NavLink>
          <nav aria-label="Main" className="app-header__nav">
            <NavLink to="/" end>
              Experiments
            </NavLink>
            <NavLink to="/experiments/new">New experiment</NavLink>
            <a href="/graphql">GraphiQL</a>
          </nav>
          <ConnectionIndicator />
          <ForgetTokenButton />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
