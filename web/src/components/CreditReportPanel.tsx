// A month's credit report for a contract: items, total before cap, cap and total.
import { useState } from "react";
import { instant, money, percent } from "../format";
import { useQuery } from "../hooks";
import { CreditReportQuery } from "../queries";
import { Failure, Panel } from "./Common";

export function CreditReportPanel({ contractKey, initialMonth = "2026-02" }: { contractKey: string; initialMonth?: string }) {
  const [month, setMonth] = useState(initialMonth);
  const { data, error } = useQuery(CreditReportQuery, { contractKey, month }, !/^\d{4}-\d{2}$/.test(month));
  const r = data?.creditReport;
  return (
    <Panel title="Credit report">
      <div className="filters">
        <label>
          Month
          <input aria-label="Credit month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
      </div>
      {error && <Failure error={error} />}
      {r && (
        <>
          <table data-testid="credit-report">
            <thead>
              <tr>
                <th>Item</th>
                <th>Incident / breach</th>
                <th className="num">Percent</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {r.items.map((item, i) => (
                <tr key={i}>
                  <td>
                    {item.kind}
                    {item.tierBelow ? ` (below ${item.tierBelow} %)` : ""}
                  </td>
                  <td className="mono">{item.breach?.ref ?? item.incidentKey ?? ""}</td>
                  <td className="num">{percent(item.percent)}</td>
                  <td className="num">{money(item.amount, r.currency)}</td>
                </tr>
              ))}
              <tr>
                <td colSpan={3}>Total before cap</td>
                <td className="num">{money(r.totalBeforeCap, r.currency)}</td>
              </tr>
              <tr>
                <td colSpan={3}>Cap</td>
                <td className="num">{money(r.cap, r.currency)}</td>
              </tr>
              <tr>
                <td colSpan={3}>
                  <strong>Total</strong>
                </td>
                <td className="num" data-testid="credit-total">
                  <strong>{money(r.total, r.currency)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
          <p className="muted">
            Uptime {r.uptimePercentExact ?? "—"} % ({r.downtimeSeconds} s down) · months in {r.timezone} · claim by{" "}
            {instant(r.claimDeadline)}
          </p>
        </>
      )}
    </Panel>
  );
}
