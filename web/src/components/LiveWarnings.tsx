// Live SLA warnings: the slaWarnings subscription over graphql-transport-ws, shown as they arrive.
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { subscribe } from "../api";
import { duration, instant } from "../format";
import type { ExplorerSlaWarningsSubscription } from "../gql/graphql";
import { SlaWarningsSubscription } from "../queries";

type Warning = ExplorerSlaWarningsSubscription["slaWarnings"];

export function LiveWarnings() {
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [state, setState] = useState<string>("connecting");
  useEffect(() => {
    setState("listening");
    return subscribe(
      SlaWarningsSubscription,
      { pollSeconds: 15 },
      (data) => setWarnings((list) => [data.slaWarnings, ...list].slice(0, 20)),
      (message) => setState(`closed: ${message}`),
    );
  }, []);
  return (
    <>
      <span className="live" data-testid="live-state" title={`live SLA warnings: ${state}`}>
        {state === "listening" ? "● live" : "○ offline"}
        {warnings.length > 0 && ` · ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`}
      </span>
      {warnings.length > 0 && (
    <aside className="warnings" aria-live="polite" data-testid="warnings">
      <div style={{ textAlign: "right" }}>
        <button className="secondary" style={{ fontSize: "0.7rem" }} onClick={() => setWarnings([])}>
          clear
        </button>
      </div>
      {warnings.map((w, i) => (
        <div className="w" key={`${w.incident.key}-${w.clock}-${w.thresholdPercent}-${i}`}>
          <Link to={`/incidents/${encodeURIComponent(w.incident.key)}`}>{w.incident.key}</Link> {w.clock} clock at{" "}
          {w.elapsedPercent.toFixed(0)} % (passed {w.thresholdPercent} %) · due {instant(w.dueAt)} ·{" "}
          {duration(w.remainingSeconds)} left
        </div>
      ))}
    </aside>
      )}
    </>
  );
}
