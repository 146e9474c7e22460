import { Link } from "react-router-dom";
import { Failure, Loading, Panel, Badge } from "../components/Common";
import { money, instant } from "../format";
import { useQuery } from "../hooks";
import { ContractsQuery, DisputesQuery } from "../queries";

export function Home() {
  const contracts = useQuery(ContractsQuery, { first: 50 });
  const disputes = useQuery(DisputesQuery, { first: 50 });
  return (
    <>
      <h1>Contracts</h1>
      <p className="sub">The latest version of every contract this key may see.</p>
      <Panel title={`Contracts${contracts.data ? ` (${contracts.data.contracts.totalCount})` : ""}`}>
        {contracts.error && <Failure error={contracts.error} />}
        {contracts.loading && !contracts.data && <Loading what="contracts" />}
        {contracts.data && (
          <table data-testid="contracts">
            <thead>
              <tr>
                <th>Contract</th>
                <th>Kind</th>
                <th>Provider</th>
                <th>Customer</th>
                <th>Jurisdiction</th>
                <th className="num">Monthly fee</th>
                <th>Effective</th>
              </tr>
            </thead>
            <tbody>
              {contracts.data.contracts.edges.map(({ node }) => (
                <tr key={node.key}>
                  <td>
                    <Link to={`/contracts/${encodeURIComponent(node.key)}`}>{node.title}</Link>
                    <div className="muted mono">
                      {node.key} · v{node.version}
                    </div>
                  </td>
                  <td>{node.kind}</td>
                  <td>{node.provider.name}</td>
                  <td>
                    {node.parties
                      .filter((p) => p.role !== "PROVIDER")
                      .map((p) => p.party.name)
                      .join(", ")}
                  </td>
                  <td>{node.jurisdiction}</td>
                  <td className="num">{money(node.monthlyFee, node.currency)}</td>
                  <td>
                    {node.effective}
                    {node.expires ? ` – ${node.expires}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title={`Disputes${disputes.data ? ` (${disputes.data.disputes.totalCount})` : ""}`}>
        {disputes.error && <Failure error={disputes.error} />}
        {disputes.data && (
          <table data-testid="disputes">
            <thead>
              <tr>
                <th>Dispute</th>
                <th>Status</th>
                <th>Contract</th>
                <th>Incidents</th>
                <th className="num">Claimed</th>
                <th>Opened</th>
              </tr>
            </thead>
            <tbody>
              {disputes.data.disputes.edges.map(({ node }) => (
                <tr key={node.key}>
                  <td>
                    <Link to={`/disputes/${encodeURIComponent(node.key)}`}>{node.key}</Link>
                    <div className="muted">{node.title}</div>
                  </td>
                  <td>
                    <Badge value={node.status} />
                  </td>
                  <td>
                    <Link to={`/contracts/${encodeURIComponent(node.contract.key)}`}>{node.contract.key}</Link>
                  </td>
                  <td>
                    {node.incidents.map((i) => (
                      <div key={i.key}>
                        <Link to={`/incidents/${encodeURIComponent(i.key)}`}>{i.key}</Link>
                      </div>
                    ))}
                  </td>
                  <td className="num">{money(node.amountClaimed, node.currency)}</td>
                  <td>{instant(node.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}
