import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { Failure, Loading, Panel } from "../components/Common";
import { instant } from "../format";
import { useQuery } from "../hooks";
import type { IncidentStatus } from "../gql/graphql";
import { ContractsQuery, IncidentsQuery } from "../queries";

const PAGE = 10;

export function IncidentList() {
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filter = {
    contract: params.get("contract") || null,
    severity: params.get("severity") || null,
    status: (params.get("status") || null) as IncidentStatus | null,
    breached: params.get("breached") === "yes" ? true : params.get("breached") === "no" ? false : null,
  };
  const after = cursors[cursors.length - 1];
  const { data, error, loading } = useQuery(IncidentsQuery, { first: PAGE, after, filter });
  const contracts = useQuery(ContractsQuery, { first: 100 });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    setCursors([null]);
  };
  const conn = data?.incidents;
  return (
    <>
      <h1>Incidents</h1>
      <Panel title={conn ? `${conn.totalCount} incidents` : "Incidents"}>
        <div className="filters">
          <label>
            Contract
            <select aria-label="Contract" value={filter.contract ?? ""} onChange={(e) => set("contract", e.target.value)}>
              <option value="">all</option>
              {contracts.data?.contracts.edges.map(({ node }) => (
                <option key={node.key} value={node.key}>
                  {node.key}
                </option>
              ))}
            </select>
          </label>
          <label>
            Severity
            <input aria-label="Severity" size={6} value={filter.severity ?? ""} onChange={(e) => set("severity", e.target.value)} />
          </label>
          <label>
            Status
            <select aria-label="Status" value={filter.status ?? ""} onChange={(e) => set("status", e.target.value)}>
              <option value="">any</option>
              <option value="OPEN">open</option>
              <option value="RESOLVED">resolved</option>
            </select>
          </label>
          <label>
            Breached
            <select aria-label="Breached" value={params.get("breached") ?? ""} onChange={(e) => set("breached", e.target.value)}>
              <option value="">any</option>
              <option value="yes">with breaches</option>
              <option value="no">without</option>
            </select>
          </label>
        </div>
        {error && <Failure error={error} />}
        {loading && !data && <Loading what="incidents" />}
        {conn && (
          <>
            <table data-testid="incidents">
              <thead>
                <tr>
                  <th>Incident</th>
                  <th>Contract</th>
                  <th>Severity</th>
                  <th>Service</th>
                  <th>Reported</th>
                  <th className="num">Breaches</th>
                </tr>
              </thead>
              <tbody>
                {conn.edges.map(({ node }) => (
                  <tr key={node.key}>
                    <td>
                      <Link to={`/incidents/${encodeURIComponent(node.key)}`}>{node.key}</Link>
                      <div className="muted">{node.title}</div>
                    </td>
                    <td className="mono">{node.contract.key}</td>
                    <td>{node.severity.code}</td>
                    <td className="mono">{node.service}</td>
                    <td>{instant(node.reportedAt)}</td>
                    <td className="num">{node.breaches.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              <button className="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
                ← Previous
              </button>
              <span className="muted" data-testid="page">
                page {cursors.length} of {Math.max(1, Math.ceil(conn.totalCount / PAGE))}
              </span>
              <button
                className="secondary"
                disabled={!conn.pageInfo.hasNextPage}
                onClick={() => setCursors([...cursors, conn.pageInfo.endCursor ?? null])}
              >
                Next →
              </button>
            </div>
          </>
        )}
      </Panel>
    </>
  );
}
