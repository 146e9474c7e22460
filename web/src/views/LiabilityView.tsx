import { useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ClauseLink, Failure, Loading, NotFound, Panel } from "../components/Common";
import { LiabilityGraph, type ChainEdge, type ChainNode } from "../components/LiabilityGraph";
import { duration, instant, money } from "../format";
import type { ExplorerLiabilityQuery } from "../gql/graphql";
import { useQuery } from "../hooks";
import { LiabilityQuery } from "../queries";

type Incident = NonNullable<ExplorerLiabilityQuery["incident"]>;
type Disputes = ExplorerLiabilityQuery["disputes"]["edges"];

interface Detail {
  node: ChainNode;
  body: React.ReactNode;
}

function buildGraph(incident: Incident, disputes: Disputes): { nodes: ChainNode[]; edges: ChainEdge[]; details: Map<string, Detail> } {
  const cur = incident.contract.currency;
  const nodes = new Map<string, ChainNode>();
  const edges: ChainEdge[] = [];
  const details = new Map<string, Detail>();
  const add = (node: ChainNode, body: React.ReactNode) => {
    if (!nodes.has(node.id)) {
      nodes.set(node.id, node);
      details.set(node.id, { node, body });
    }
  };
  const link = (from: string, to: string) => {
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to });
  };
  const mine = disputes.filter((d) => d.node.incidents.some((i) => i.key === incident.key));
  for (const l of incident.liabilityChain) {
    const b = `breach:${l.breach.ref}`;
    add(
      { id: b, kind: "breach", title: l.breach.ref, lines: [`${l.breach.kind} · ${l.breach.severity}`, `over by ${duration(l.breach.overBySeconds)}`] },
      <p>
        {l.breach.kind} breach, due {instant(l.breach.dueAt)}, over by {duration(l.breach.overBySeconds)}; credit{" "}
        {money(l.breach.credit, cur)}.
      </p>,
    );
    const c = `clause:${l.clause.number}`;
    add(
      { id: c, kind: "clause", title: `Clause ${l.clause.number}`, lines: [l.clause.heading] },
      <>
        <p>
          <strong>
            {l.clause.number} {l.clause.heading}
          </strong>{" "}
          <ClauseLink contractKey={incident.contract.key} number={l.clause.number} />
        </p>
        <pre className="clause">{l.clause.text}</pre>
      </>,
    );
    link(b, c);
    const o = `party:${l.obligor.key}`;
    add({ id: o, kind: "obligor", title: "Obligor", lines: [l.obligor.name] }, <p>{l.obligor.name} owed the service.</p>);
    link(c, o);
    const r = `resp:${l.responsible.level}:${l.responsible.role.key}:${l.responsible.person?.key ?? "-"}`;
    add(
      {
        id: r,
        kind: "responsible",
        title: `L${l.responsible.level} ${l.responsible.role.name}`,
        lines: [l.responsible.person?.name ?? "nobody named", l.responsible.party.name],
      },
      <>
        <p>
          Held at L{l.responsible.level} by {l.responsible.role.name} ({l.responsible.party.name}),{" "}
          {l.responsible.person ? l.responsible.person.name : "no person named"}, at {instant(l.responsible.at)}.
        </p>
        <ul>
          {l.responsible.role.responsibilities.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      </>,
    );
    link(o, r);
    const m = `remedy:${l.breach.ref}`;
    const rem = l.remedy;
    add(
      {
        id: m,
        kind: "remedy",
        title: "Remedy",
        lines: rem
          ? [
              `credit ${money(rem.credit, cur)}${rem.creditPercent ? ` (${rem.creditPercent} %)` : ""}`,
              `cap ${money(rem.creditCap, cur)}${rem.soleRemedy ? " · sole remedy" : ""}`,
              `liability cap ${money(rem.liabilityCap, cur)}`,
            ]
          : ["no remedy"],
      },
      rem ? (
        <ul>
          <li>
            Service credit {money(rem.credit, cur)} ({rem.creditPercent ?? "—"} %)
            {rem.creditsClause && <ClauseLink contractKey={incident.contract.key} number={rem.creditsClause.number} />}
          </li>
          <li>
            Monthly credit cap {money(rem.creditCap, cur)} ({rem.capPercent ?? "—"} %)
          </li>
          <li>{rem.soleRemedy ? "Credits are the sole and exclusive remedy" : "Credits are not the sole remedy"}</li>
          <li>
            Liability cap {money(rem.liabilityCap, cur)}
            {rem.excludesConsequential ? ", consequential loss excluded" : ""}
            {rem.liabilityClause && <ClauseLink contractKey={incident.contract.key} number={rem.liabilityClause.number} />}
          </li>
        </ul>
      ) : (
        <p>No remedy applies.</p>
      ),
    );
    link(r, m);
    l.rankedPrecedents.forEach((rp, rank) => {
      const p = `prec:${rp.precedent.key}`;
      add(
        { id: p, kind: "precedent", title: rp.precedent.caseName, lines: [`${rp.precedent.court} ${rp.precedent.year}`, rp.sharedTopics.join(", ")] },
        <>
          <p>
            <strong>{rp.precedent.caseName}</strong> {rp.precedent.citation} (rank {rank + 1}; shared topics{" "}
            {rp.sharedTopics.join(", ") || "none"}; {rp.sameCountry ? "same country" : "other country"})
          </p>
          <p>{rp.precedent.holding}</p>
        </>,
      );
      link(m, p);
    });
    for (const d of mine) {
      const id = `dispute:${d.node.key}`;
      add(
        { id, kind: "dispute", title: d.node.key, lines: [d.node.title] },
        <p>
          <Link to={`/disputes/${encodeURIComponent(d.node.key)}`}>Open dispute {d.node.key}</Link>: {d.node.title}
        </p>,
      );
      link(m, id);
    }
  }
  return { nodes: [...nodes.values()], edges, details };
}

export function LiabilityView() {
  const { key = "" } = useParams();
  const { data, error, loading } = useQuery(LiabilityQuery, { key, asOf: null });
  const [selected, setSelected] = useState<string | null>(null);
  const graph = useMemo(
    () => (data?.incident ? buildGraph(data.incident, data.disputes.edges) : null),
    [data],
  );
  if (error) return <Failure error={error} />;
  if (loading && !data) return <Loading what="the liability chain" />;
  if (!data?.incident || !graph) return <NotFound what="incident" />;
  const inc = data.incident;
  const detail = selected ? graph.details.get(selected) : null;
  const disputes = data.disputes.edges.filter((d) => d.node.incidents.some((i) => i.key === inc.key));
  return (
    <>
      <h1>Liability chain of {inc.key}</h1>
      <div className="sub">
        <Link to={`/incidents/${encodeURIComponent(inc.key)}`}>← {inc.title}</Link> · breach → clause → obligor →
        responsible level, role and person → remedy → ranked precedents. Click a node for its details.
        {disputes.map((d) => (
          <span key={d.node.key}>
            {" "}
            · disputed in <Link to={`/disputes/${encodeURIComponent(d.node.key)}`}>{d.node.key}</Link>
          </span>
        ))}
      </div>
      {inc.liabilityChain.length === 0 ? (
        <Panel title="No breaches">
          <p className="muted">This incident has no breaches, so there is no liability chain.</p>
        </Panel>
      ) : (
        <Panel title={`${inc.liabilityChain.length} breaches`}>
          <LiabilityGraph nodes={graph.nodes} edges={graph.edges} selected={selected} onSelect={setSelected} />
          {detail && (
            <div className="details" data-testid="node-details">
              <h3>{detail.node.title}</h3>
              {detail.body}
            </div>
          )}
        </Panel>
      )}
    </>
  );
}
