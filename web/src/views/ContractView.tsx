import { useEffect, useMemo, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { Badge, ClauseLink, Failure, Loading, NotFound, Panel } from "../components/Common";
import { CreditReportPanel } from "../components/CreditReportPanel";
import { EscalationLadder } from "../components/EscalationLadder";
import { VersionDiff } from "../components/VersionDiff";
import { WeekGrid } from "../components/WeekGrid";
import { duration, instant, money, percent } from "../format";
import { useQuery } from "../hooks";
import { ContractQuery } from "../queries";

export function ContractView() {
  const { key = "" } = useParams();
  const location = useLocation();
  const [version, setVersion] = useState<number | null>(null);
  const { data, error, loading } = useQuery(ContractQuery, { key, version });
  const contract = data?.contract;

  useEffect(() => {
    if (!contract || !location.hash) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [contract, location.hash]);

  const calendars = useMemo(() => {
    const seen = new Map<string, NonNullable<typeof contract>["calendars"][number]>();
    for (const c of contract?.calendars ?? []) seen.set(c.key, c);
    return [...seen.values()];
  }, [contract]);

  if (error) return <Failure error={error} />;
  if (loading && !data) return <Loading what="the contract" />;
  if (!contract) return <NotFound what="contract" />;
  const c = contract;
  const cur = c.currency;

  return (
    <>
      <h1 data-testid="contract-title">{c.title}</h1>
      <div className="sub">
        <span className="mono">{c.key}</span> · version {c.version} {c.isLatest ? <Badge value="latest" kind="ok" /> : <Badge value="superseded" kind="LATE" />} · {c.kind} ·{" "}
        {c.governingLaw} law · {c.jurisdiction} · {money(c.monthlyFee, cur)} a month · effective {c.effective}
        {c.expires ? ` to ${c.expires}` : ""}
        {c.versions.length > 1 && (
          <>
            {" "}
            · show version{" "}
            <select
              aria-label="Contract version"
              value={c.version}
              onChange={(e) => setVersion(Number(e.target.value))}
            >
              {c.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </>
        )}
      </div>

      <div className="grid2">
        <Panel title="Parties">
          <table>
            <tbody>
              {c.parties.map((p) => (
                <tr key={p.party.key}>
                  <td>{p.party.name}</td>
                  <td className="mono">{p.party.key}</td>
                  <td>
                    <Badge value={p.role} kind="" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <Panel title="Severities and targets">
          <table data-testid="severities">
            <thead>
              <tr>
                <th>Code</th>
                <th>Name</th>
                <th>Response</th>
                <th>Resolution</th>
                <th>Updates</th>
                <th>Calendar</th>
              </tr>
            </thead>
            <tbody>
              {c.severities.map((s) => (
                <tr key={s.code}>
                  <td>
                    <strong>{s.code}</strong>
                    <ClauseLink contractKey={c.key} number={s.clause.number} />
                  </td>
                  <td>{s.name}</td>
                  <td>{duration(s.responseSeconds)}</td>
                  <td>{duration(s.resolutionSeconds)}</td>
                  <td>{duration(s.updateSeconds)}</td>
                  <td className="mono">{s.calendar.key}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      </div>
      <div style={{ height: "1rem" }} />

      <Panel title="Support channels and hours">
        <table>
          <thead>
            <tr>
              <th>Channel</th>
              <th>Address</th>
              <th>Severities</th>
              <th>Calendar</th>
            </tr>
          </thead>
          <tbody>
            {c.supportChannels.map((ch) => (
              <tr key={`${ch.kind}-${ch.address}`}>
                <td>
                  {ch.kind}
                  <ClauseLink contractKey={c.key} number={ch.clause.number} />
                </td>
                <td className="mono">{ch.address}</td>
                <td>{ch.severities.length ? ch.severities.join(", ") : "all"}</td>
                <td className="mono">{ch.calendar.key}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Weekly hours</h3>
        <div style={{ display: "flex", flexDirection: "column", gap: "0.8rem" }}>
          {calendars.map((cal) => (
            <WeekGrid key={cal.key} calendar={cal} />
          ))}
        </div>
      </Panel>

      <Panel
        title={
          <>
            Escalation ladder
            <ClauseLink contractKey={c.key} number={c.escalationPath.clause.number} />
          </>
        }
      >
        <EscalationLadder contractKey={c.key} path={c.escalationPath} />
      </Panel>

      <div className="grid2">
        <Panel
          title={
            <>
              Service credits
              {c.creditTerms && <ClauseLink contractKey={c.key} number={c.creditTerms.clause.number} />}
            </>
          }
        >
          {c.creditTerms ? (
            <>
              <dl className="kv" data-testid="credit-terms">
                <dt>Cap</dt>
                <dd>{percent(c.creditTerms.capPercent)} of the monthly fee</dd>
                <dt>Sole remedy</dt>
                <dd>{c.creditTerms.soleRemedy ? "yes: credits are the sole and exclusive remedy" : "no"}</dd>
                <dt>Claim window</dt>
                <dd>{duration(c.creditTerms.claimWindowSeconds)}</dd>
                <dt>Uptime target</dt>
                <dd>{percent(c.creditTerms.uptimeTarget)}</dd>
                <dt>Months in</dt>
                <dd>{c.creditTerms.timezone}</dd>
              </dl>
              <h3>Rules</h3>
              <table>
                <tbody>
                  {c.creditTerms.rules.map((r, i) => (
                    <tr key={i}>
                      <td>{r.kind}</td>
                      <td className="num">{percent(r.percent)}</td>
                      <td>{r.severities?.join(", ") ?? "every severity"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>Uptime tiers</h3>
              <table>
                <tbody>
                  {c.creditTerms.uptimeTiers.map((t, i) => (
                    <tr key={i}>
                      <td>below {percent(t.below)}</td>
                      <td className="num">{percent(t.percent)} credit</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p className="muted">No service credits.</p>
          )}
        </Panel>
        <Panel title="Liability, documentation and disputes">
          {c.liability && (
            <p>
              Liability
              <ClauseLink contractKey={c.key} number={c.liability.clause.number} />:{" "}
              {c.liability.cap ? `capped at ${money(c.liability.cap, cur)}` : "no cap"}
              {c.liability.excludesConsequential ? "; consequential loss excluded" : ""}.
            </p>
          )}
          {c.documentation && (
            <p>
              Post-incident report
              <ClauseLink contractKey={c.key} number={c.documentation.clause.number} /> due{" "}
              {duration(c.documentation.reportDueSeconds)} after resolution for {c.documentation.severities.join(", ")}.
            </p>
          )}
          {c.disputeResolution && (
            <>
              <p>
                Dispute resolution
                <ClauseLink contractKey={c.key} number={c.disputeResolution.clause.number} />
                {c.disputeResolution.forum ? ` before ${c.disputeResolution.forum}` : ""}
                {c.disputeResolution.negotiationPeriodSeconds
                  ? `; negotiation for ${duration(c.disputeResolution.negotiationPeriodSeconds)}`
                  : ""}
                :
              </p>
              <ol data-testid="dispute-steps">
                {c.disputeResolution.steps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
            </>
          )}
        </Panel>
      </div>
      <div style={{ height: "1rem" }} />

      <CreditReportPanel contractKey={c.key} />

      <Panel title={`Incidents (${c.incidents.totalCount})`}>
        <table data-testid="contract-incidents">
          <tbody>
            {c.incidents.edges.map(({ node }) => (
              <tr key={node.key}>
                <td>
                  <Link to={`/incidents/${encodeURIComponent(node.key)}`}>{node.key}</Link>
                </td>
                <td>{node.severity.code}</td>
                <td>{node.title}</td>
                <td>{instant(node.reportedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>

      {c.versions.length > 1 && (
        <Panel title="Versions and what each amendment changed">
          <VersionDiff versions={c.versions} currency={cur} />
        </Panel>
      )}

      <Panel title="Clauses">
        {c.clauses.map((cl) => (
          <div key={cl.number} id={`clause-${cl.number}`} style={{ marginBottom: "0.8rem" }}>
            <strong>
              {cl.number} {cl.heading}
            </strong>{" "}
            <span className="muted">
              {cl.kind}
              {cl.topics.length ? ` · ${cl.topics.join(", ")}` : ""}
            </span>
            <pre className="clause">{cl.text}</pre>
          </div>
        ))}
      </Panel>
    </>
  );
}
