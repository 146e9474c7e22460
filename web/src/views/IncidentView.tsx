import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Badge, ClauseLink, Failure, Loading, NotFound, Panel } from "../components/Common";
import { ClockTrack } from "../components/ClockTrack";
import { duration, instant, money } from "../format";
import type { ClockFragment } from "../gql/graphql";
import { useQuery } from "../hooks";
import { HolderAtQuery, IncidentQuery } from "../queries";

const MINUTE = 60_000;

export function IncidentView() {
  const { key = "" } = useParams();
  // The asOf instant (ms) chosen on the slider; null: now.
  const [asOfMs, setAsOfMs] = useState<number | null>(null);
  const [debounced, setDebounced] = useState<number | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(asOfMs), 200);
    return () => clearTimeout(timer);
  }, [asOfMs]);
  const asOf = debounced === null ? null : new Date(debounced).toISOString();
  const { data, error, loading } = useQuery(IncidentQuery, { key, asOf });
  const [openedAt] = useState(() => new Date().toISOString());
  const holder = useQuery(HolderAtQuery, { key, at: asOf ?? openedAt });
  const incident = data?.incident;

  const range = useMemo(() => {
    if (!incident) return null;
    const start = Date.parse(incident.reportedAt);
    const times = incident.events.map((e) => Date.parse(e.at));
    const dues = [incident.sla.response.dueAt, incident.sla.resolution?.dueAt, ...incident.escalations.map((e) => e.dueAt)]
      .filter((d): d is string => Boolean(d))
      .map((d) => Date.parse(d));
    const end = Math.max(...times, ...dues) + 60 * MINUTE;
    return { start, end };
  }, [incident?.key, incident?.events.length]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <Failure error={error} />;
  if (loading && !data) return <Loading what="the incident" />;
  if (!incident) return <NotFound what="incident" />;
  const inc = incident;
  const cur = inc.contract.currency;
  const cutoff = debounced ?? Number.POSITIVE_INFINITY;
  const chainLinksOk = inc.events.every((e, i) => i === 0 || e.prevHash === inc.events[i - 1].hash);

  return (
    <>
      <h1 data-testid="incident-title">
        {inc.key}: {inc.title}
      </h1>
      <div className="sub">
        Contract <Link to={`/contracts/${encodeURIComponent(inc.contract.key)}`}>{inc.contract.title}</Link> (v
        {inc.contract.version}) · service <span className="mono">{inc.service}</span> · severity{" "}
        <strong data-testid="severity">{inc.severity.code}</strong> ({inc.severity.name}, calendar {inc.severity.calendar.key}) ·{" "}
        {inc.serviceAffecting ? "service-affecting" : "not service-affecting"} · via {inc.channel ?? "—"} · reported{" "}
        {instant(inc.reportedAt)} · <Link to={`/incidents/${encodeURIComponent(inc.key)}/liability`}>liability chain →</Link>
      </div>

      <section className="panel">
        <h2>Replay</h2>
        {range && (
          <div className="slider">
            <span className="mono">{instant(new Date(range.start).toISOString())}</span>
            <input
              type="range"
              aria-label="As of"
              data-testid="asof"
              min={range.start}
              max={range.end}
              step={MINUTE}
              value={asOfMs ?? range.end}
              onChange={(e) => setAsOfMs(Number(e.target.value))}
            />
            <span className="mono">{instant(new Date(range.end).toISOString())}</span>
            <button className="secondary" onClick={() => setAsOfMs(null)} disabled={asOfMs === null}>
              Now
            </button>
          </div>
        )}
        <p>
          As of <strong data-testid="asof-label">{asOf ? instant(asOf) : "now"}</strong>
          {loading && <span className="muted"> (updating…)</span>} · level <strong data-testid="level">L{inc.level}</strong>
          {holder.data?.incident?.responsibleAt && (
            <>
              {" "}
              · held by{" "}
              <strong data-testid="holder">
                {holder.data.incident.responsibleAt.role.name}
                {holder.data.incident.responsibleAt.person ? ` (${holder.data.incident.responsibleAt.person.name})` : " (nobody named)"}
              </strong>{" "}
              of {holder.data.incident.responsibleAt.party.name}
            </>
          )}
        </p>
        {range && (
          <ClockTrack
            calendar={{ ...inc.severity.calendar, holidayCountry: null, holidaySubdivision: null }}
            events={inc.events}
            start={range.start}
            end={range.end}
            asOf={debounced}
            deadlines={[
              { label: "response due", at: inc.sla.response.dueAt },
              ...(inc.sla.resolution ? [{ label: "resolution due", at: inc.sla.resolution.dueAt }] : []),
            ]}
          />
        )}
        <Clock name="Response" clock={inc.sla.response} reportedAt={inc.reportedAt} asOf={asOf} />
        {inc.sla.resolution && <Clock name="Resolution" clock={inc.sla.resolution} reportedAt={inc.reportedAt} asOf={asOf} />}
      </section>

      <div className="grid2">
        <Panel title="Timeline">
          <ul className="timeline" data-testid="timeline">
            {inc.events.map((e) => (
              <li key={e.seq} className={`${e.kind}${Date.parse(e.at) > cutoff ? " future" : ""}`}>
                <div>
                  <strong>{e.kind}</strong> <span className="mono muted">#{e.seq}</span> {instant(e.at)}
                  {e.level !== null && e.level !== undefined && <> · level L{e.level}</>}
                  {e.severity && <> · severity {e.severity}</>}
                </div>
                <div className="muted">
                  {e.actor ? `by ${e.actor.name}` : "by —"}
                  {e.assignee ? ` · assigned to ${e.assignee.name}` : ""}
                  {e.reason ? ` · ${e.reason}` : ""}
                </div>
                {e.note && <div>{e.note}</div>}
              </li>
            ))}
          </ul>
        </Panel>
        <Panel title="Escalation requirements">
          <table data-testid="escalations">
            <thead>
              <tr>
                <th>Trigger</th>
                <th>To</th>
                <th>Due</th>
                <th>Status</th>
                <th>Reached</th>
                <th>Over by</th>
              </tr>
            </thead>
            <tbody>
              {inc.escalations.map((r, i) => (
                <tr key={i}>
                  <td>
                    {r.trigger}
                    {r.clock ? ` (${r.clock})` : ""}
                  </td>
                  <td>L{r.toLevel}</td>
                  <td>{instant(r.dueAt)}</td>
                  <td>
                    <Badge value={r.status} />
                  </td>
                  <td>{instant(r.reachedAt)}</td>
                  <td>{r.overBySeconds ? duration(r.overBySeconds) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {inc.escalations.length === 0 && <p className="muted">No trigger applies.</p>}
        </Panel>
      </div>
      <div style={{ height: "1rem" }} />

      <Panel title={`Breaches (${inc.breaches.length})`}>
        {inc.breaches.length === 0 ? (
          <p className="muted" data-testid="no-breaches">
            No breaches{asOf ? " as of this instant" : ""}.
          </p>
        ) : (
          <table data-testid="breaches">
            <thead>
              <tr>
                <th>Breach</th>
                <th>Due</th>
                <th>Over by</th>
                <th>Clause</th>
                <th>Held by at the deadline</th>
                <th className="num">Credit</th>
              </tr>
            </thead>
            <tbody>
              {inc.breaches.map((b) => (
                <tr key={b.ref}>
                  <td className="mono">{b.ref}</td>
                  <td>{instant(b.dueAt)}</td>
                  <td data-testid="over-by" data-seconds={b.overBySeconds}>
                    {duration(b.overBySeconds)}
                  </td>
                  <td>
                    <ClauseLink contractKey={inc.contract.key} number={b.clause.number} /> {b.clause.heading}
                  </td>
                  <td>
                    L{b.responsible.level} {b.responsible.role.name}
                    {b.responsible.person ? ` (${b.responsible.person.name})` : ""}
                  </td>
                  <td className="num">
                    {b.credit ? `${money(b.credit, cur)} (${b.creditPercent} %)` : <span className="muted">none</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      <Panel title="Hash chain">
        <p data-testid="chain">
          {inc.verifyChain.ok && chainLinksOk ? <Badge value="verified" kind="ok" /> : <Badge value="broken" kind="bad" />}{" "}
          {inc.verifyChain.eventCount} events re-walked by the service
          {inc.verifyChain.firstBrokenSeq !== null && inc.verifyChain.firstBrokenSeq !== undefined
            ? `; first broken at #${inc.verifyChain.firstBrokenSeq}: ${inc.verifyChain.reason ?? ""}`
            : ""}
          ; every prevHash matches the hash before it here too: {chainLinksOk ? "yes" : "no"}.
        </p>
        <p className="mono muted">head {inc.verifyChain.headHash}</p>
      </Panel>
    </>
  );
}

function Clock({ name, clock, reportedAt, asOf }: { name: string; clock: ClockFragment; reportedAt: string; asOf: string | null }) {
  const scale = Math.max(clock.targetSeconds, clock.elapsedSeconds) * 1.1 || 1;
  const used = (clock.elapsedSeconds / scale) * 100;
  const target = (clock.targetSeconds / scale) * 100;
  // Wall-clock time from the report to the clock's stop (or the instant): the difference to the
  // counted time is what pauses, reopen gaps and closed hours took out.
  const end = clock.stoppedAt ? Date.parse(clock.stoppedAt) : asOf ? Date.parse(asOf) : Date.now();
  const wall = Math.max(0, Math.round((end - Date.parse(reportedAt)) / 1000));
  const gap = wall - clock.elapsedSeconds;
  return (
    <div className="clock" data-testid={`clock-${name.toLowerCase()}`}>
      <div>
        <strong>{name}</strong>
        <div>
          <Badge value={clock.status} />
        </div>
      </div>
      <div>
        <div className="bar" title={`${clock.elapsedSeconds} s of ${clock.targetSeconds} s`}>
          <div className={`used${clock.elapsedSeconds > clock.targetSeconds ? " over" : ""}`} style={{ width: `${used}%` }} />
          <div className="target" style={{ left: `${target}%` }} />
        </div>
        <div className="muted">
          counted {duration(clock.elapsedSeconds)} of {duration(clock.targetSeconds)} · due {instant(clock.dueAt)}
          {clock.stoppedAt ? ` · stopped ${instant(clock.stoppedAt)}` : ""}
          {clock.overBySeconds > 0 ? ` · over by ${duration(clock.overBySeconds)}` : ` · ${duration(clock.remainingSeconds)} left`}
          {gap > 60 ? ` · ${duration(gap)} of wall-clock time not counted (closed hours, pauses, reopen gaps)` : ""}
        </div>
      </div>
    </div>
  );
}
