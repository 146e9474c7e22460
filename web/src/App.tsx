import { useState, type FormEvent } from "react";
import { Link, Route, Routes, useNavigate } from "react-router-dom";
import { currentKey, signIn, signOut } from "./api";
import { LiveWarnings } from "./components/LiveWarnings";
import { ContractView } from "./views/ContractView";
import { DisputeView } from "./views/DisputeView";
import { Home } from "./views/Home";
import { IncidentList } from "./views/IncidentList";
import { IncidentView } from "./views/IncidentView";
import { LiabilityView } from "./views/LiabilityView";
import { PrecedentList } from "./views/PrecedentList";
import { SearchView } from "./views/SearchView";

export function App() {
  const [key, setKey] = useState<string | null>(currentKey());
  if (!key) {
    return <SignIn onSignedIn={() => setKey(currentKey())} />;
  }
  return (
    <>
      <TopBar
        onSignOut={() => {
          signOut();
          setKey(null);
        }}
      />
      <main>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/contracts/:key" element={<ContractView />} />
          <Route path="/incidents" element={<IncidentList />} />
          <Route path="/incidents/:key" element={<IncidentView />} />
          <Route path="/incidents/:key/liability" element={<LiabilityView />} />
          <Route path="/disputes/:key" element={<DisputeView />} />
          <Route path="/precedents" element={<PrecedentList />} />
          <Route path="/search" element={<SearchView />} />
          <Route path="*" element={<p>Nothing here. <Link to="/">Back to the contracts</Link>.</p>} />
        </Routes>
      </main>
    </>
  );
}

function TopBar({ onSignOut }: { onSignOut: () => void }) {
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  return (
    <header className="top">
      <Link className="brand" to="/">
        Clausegraph
      </Link>
      <nav>
        <Link to="/">Contracts</Link>
        <Link to="/incidents">Incidents</Link>
        <Link to="/precedents">Precedents</Link>
      </nav>
      <form onSubmit={submit} role="search">
        <input
          aria-label="Search"
          placeholder="Search clauses, incidents, precedents, evidence"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <LiveWarnings />
      {window.__CLAUSEGRAPH_DEV_KEY__ && !sessionStorage.getItem("clausegraph.apiKey") ? (
        <span className="muted" title="Development mode on loopback: signed in with the local admin key">
          dev key
        </span>
      ) : (
        <button className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      )}
    </header>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    signIn(value);
    onSignedIn();
  };
  return (
    <main>
      <section className="panel signin">
        <h1>Clausegraph explorer</h1>
        <p className="muted">
          Sign in with an API key (it starts with <span className="mono">cg_</span>). It is kept for this browser
          session only.
        </p>
        <form onSubmit={submit}>
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit">Sign in</button>
        </form>
      </section>
    </main>
  );
}
