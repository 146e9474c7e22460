// Contract versions side by side: for each amendment, what it changed against the version before.
import type { ExplorerContractQuery } from "../gql/graphql";
import { money } from "../format";
import { triggerLabel } from "./EscalationLadder";

type Version = NonNullable<ExplorerContractQuery["contract"]>["versions"][number];

export function VersionDiff({ versions, currency }: { versions: Version[]; currency: string }) {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  return (
    <div style={{ display: "grid", gridTemplateColumns: `repeat(${sorted.length}, 1fr)`, gap: "1rem" }}>
      {sorted.map((v, i) => {
        const before = i > 0 ? sorted[i - 1] : null;
        return (
          <div key={v.version} data-testid={`version-${v.version}`}>
            <h3>
              Version {v.version} <span className="muted">effective {v.effective}</span>
            </h3>
            <div className="mono muted" title="SHA-256 of the canonical contract document">
              {v.contentHash.slice(0, 16)}…
            </div>
            <p>Monthly fee {money(v.monthlyFee, currency)}</p>
            {before ? <Changes before={before} after={v} currency={currency} /> : <p className="muted">Original terms: {v.clauses.length} clauses.</p>}
          </div>
        );
      })}
    </div>
  );
}

function Changes({ before, after, currency }: { before: Version; after: Version; currency: string }) {
  const old = new Map(before.clauses.map((c) => [c.number, c]));
  const now = new Map(after.clauses.map((c) => [c.number, c]));
  const added = after.clauses.filter((c) => !old.has(c.number));
  const removed = before.clauses.filter((c) => !now.has(c.number));
  const changed = after.clauses.filter((c) => old.has(c.number) && old.get(c.number)!.text !== c.text);
  const oldTriggers = new Set(before.escalationPath.triggers.map(triggerLabel));
  const newTriggers = after.escalationPath.triggers.map(triggerLabel).filter((t) => !oldTriggers.has(t));
  const nowTriggers = new Set(after.escalationPath.triggers.map(triggerLabel));
  const goneTriggers = before.escalationPath.triggers.map(triggerLabel).filter((t) => !nowTriggers.has(t));
  return (
    <ul>
      {before.monthlyFee !== after.monthlyFee && (
        <li>
          Fee <span className="diff-del">{money(before.monthlyFee, currency)}</span> →{" "}
          <span className="diff-add">{money(after.monthlyFee, currency)}</span>
        </li>
      )}
      {added.map((c) => (
        <li key={`a${c.number}`}>
          <span className="diff-add">
            Clause {c.number} {c.heading} added
          </span>
        </li>
      ))}
      {changed.map((c) => (
        <li key={`c${c.number}`}>
          Clause {c.number} {c.heading} reworded
        </li>
      ))}
      {removed.map((c) => (
        <li key={`r${c.number}`}>
          <span className="diff-del">
            Clause {c.number} {c.heading} removed
          </span>
        </li>
      ))}
      {newTriggers.map((t) => (
        <li key={`t${t}`}>
          <span className="diff-add">Trigger {t}</span>
        </li>
      ))}
      {goneTriggers.map((t) => (
        <li key={`g${t}`}>
          <span className="diff-del">Trigger {t}</span>
        </li>
      ))}
    </ul>
  );
}
