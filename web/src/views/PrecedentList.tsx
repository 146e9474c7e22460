import { useMemo, useState } from "react";
import { Failure, Loading, Panel } from "../components/Common";
import { LiabilityGraph, type ChainEdge, type ChainNode } from "../components/LiabilityGraph";
import { useQuery } from "../hooks";
import type { PrecedentTopic } from "../gql/graphql";
import { PrecedentsQuery } from "../queries";

export function PrecedentList() {
  const [topic, setTopic] = useState("");
  const { data, error, loading } = useQuery(PrecedentsQuery, { first: 100, filter: { topic: (topic || null) as PrecedentTopic | null } });
  const [selected, setSelected] = useState<string | null>(null);
  const edges = data?.precedents.edges ?? [];
  const graph = useMemo(() => {
    const linked = new Set(edges.flatMap(({ node }) => (node.cites.length ? [node.key, ...node.cites.map((c) => c.key)] : [])));
    const nodes: ChainNode[] = edges.filter(({ node }) => linked.has(node.key)).map(({ node }) => ({
      id: node.key,
      kind: "precedent",
      title: node.caseName,
      lines: [`${node.court} ${node.year}`, node.jurisdiction],
    }));
    const known = new Set(nodes.map((n) => n.id));
    const links: ChainEdge[] = edges.flatMap(({ node }) =>
      node.cites.filter((c) => known.has(c.key)).map((c) => ({ from: node.key, to: c.key })),
    );
    return { nodes, links };
  }, [edges]);
  const chosen = edges.find((e) => e.node.key === selected)?.node;
  return (
    <>
      <h1>Precedents</h1>
      <Panel title={data ? `${data.precedents.totalCount} precedents` : "Precedents"}>
        <div className="filters">
          <label>
            Topic
            <input aria-label="Topic" value={topic} onChange={(e) => setTopic(e.target.value)} />
          </label>
        </div>
        {error && <Failure error={error} />}
        {loading && !data && <Loading what="precedents" />}
        {graph.nodes.length > 0 && (
          <>
            <h3>Citation graph: cases that cite or are cited (an arrow points from the citing case to the cited one)</h3>
            <LiabilityGraph nodes={graph.nodes} edges={graph.links} selected={selected} onSelect={setSelected} />
          </>
        )}
        {chosen && (
          <div className="details">
            <h3>
              {chosen.caseName} {chosen.citation}
            </h3>
            <p>{chosen.holding}</p>
          </div>
        )}
        <table data-testid="precedents" style={{ marginTop: "0.8rem" }}>
          <thead>
            <tr>
              <th>Case</th>
              <th>Court</th>
              <th>Year</th>
              <th>Jurisdiction</th>
              <th>Topics</th>
              <th>Cites</th>
            </tr>
          </thead>
          <tbody>
            {edges.map(({ node }) => (
              <tr key={node.key}>
                <td>
                  <strong>{node.caseName}</strong> <span className="muted">{node.citation}</span>
                </td>
                <td>{node.court}</td>
                <td>{node.year}</td>
                <td>{node.jurisdiction}</td>
                <td>{node.topics.join(", ")}</td>
                <td>{node.cites.map((c) => c.key).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </>
  );
}
