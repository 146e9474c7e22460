import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { signOut, type ApiError } from "../api";

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

export function Failure({ error }: { error: ApiError }) {
  if (error.status === 401) {
    return (
      <div className="error">
        The service refused the API key.{" "}
        <button
          className="secondary"
          onClick={() => {
            signOut();
            location.reload();
          }}
        >
          Sign in again
        </button>
      </div>
    );
  }
  return <div className="error">{error.message}</div>;
}

export function NotFound({ what }: { what: string }) {
  return (
    <div className="error">
      No {what} by that key (or not visible to this key). <Link to="/">Back to the contracts</Link>
    </div>
  );
}

export function Badge({ value, kind }: { value: ReactNode; kind?: string }) {
  return <span className={`badge ${kind ?? String(value)}`}>{value}</span>;
}

/** A link to a clause of a contract: opens the contract view scrolled to the clause's text. */
export function ClauseLink({ contractKey, number }: { contractKey: string; number: string }) {
  return (
    <Link className="clause-ref" to={`/contracts/${encodeURIComponent(contractKey)}#clause-${number}`}>
      §{number}
    </Link>
  );
}

export function Panel({ title, children, id }: { title: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className="panel" id={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
