// The escalation ladder: levels (highest on top) with their role, party, responsibilities and the
// people seen holding the role, and each trigger as a labelled arrow up into the level it requires.
import { useMemo } from "react";
import { duration } from "../format";
import type { ExplorerContractQuery } from "../gql/graphql";
import { useQuery } from "../hooks";
import { PeopleOfContractQuery } from "../queries";

type Path = NonNullable<ExplorerContractQuery["contract"]>["escalationPath"];
type Trigger = Path["triggers"][number];

export function triggerLabel(t: Trigger): string {
  const who = t.severities?.length ? ` (${t.severities.join(", ")})` : "";
  const repeat = t.count ? `, ${t.count} within ${duration(t.windowSeconds)}` : "";
  return `${t.kind}${who}${repeat}: at L${t.toLevel} within ${duration(t.afterSeconds)}`;
}

export function EscalationLadder({ contractKey, path }: { contractKey: string; path: Path }) {
  const people = useQuery(PeopleOfContractQuery, { key: contractKey });
  const byRole = useMemo(() => {
    const map = new Map<string, Map<string, string>>();
    for (const edge of people.data?.contract?.incidents.edges ?? []) {
      for (const event of edge.node.events) {
        for (const person of [event.actor, event.assignee]) {
          if (!person?.role) continue;
          const names = map.get(person.role.key) ?? new Map<string, string>();
          names.set(person.key, person.name);
          map.set(person.role.key, names);
        }
      }
    }
    return map;
  }, [people.data]);
  const levels = [...path.levels].sort((a, b) => b.level - a.level);
  return (
    <div className="ladder" data-testid="ladder">
      {levels.map((lvl) => {
        const into = path.triggers.filter((t) => t.toLevel === lvl.level);
        const named = [...(byRole.get(lvl.role.key)?.values() ?? [])];
        return (
          <div key={lvl.level}>
            <div className="level" data-testid={`level-${lvl.level}`}>
              <div className="n">L{lvl.level}</div>
              <div>
                <strong>{lvl.role.name}</strong> <span className="muted">({lvl.role.party.name})</span>
                {named.length > 0 && <div>People: {named.join(", ")}</div>}
                {lvl.role.responsibilities.length > 0 && (
                  <ul style={{ margin: "0.2rem 0 0", paddingLeft: "1.1rem" }}>
                    {lvl.role.responsibilities.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
            {into.length > 0 && (
              <div className="arrows">
                {into.map((t, i) => (
                  <div className="arrow" key={i}>
                    {triggerLabel(t)}
                  </div>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
