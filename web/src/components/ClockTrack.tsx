// The incident on a wall-clock axis: the hours its calendar is closed (weekly grid and closed dates;
// public holidays are counted by the service but not drawn), pauses and reopen gaps, the deadlines
// and the events. What is shaded is what the clocks do not count.
import { openSlots, type CalendarLike } from "./WeekGrid";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const SLOT = 30 * 60_000;

interface Event {
  seq: number;
  at: string;
  kind: string;
}

function localParts(ms: number, timezone: string): { day: number; slot: number; date: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const slot = Number(get("hour")) * 2 + (Number(get("minute")) >= 30 ? 1 : 0);
  return { day: DAYS.indexOf(get("weekday").toLowerCase().slice(0, 3)), slot, date: `${get("year")}-${get("month")}-${get("day")}` };
}

/** Closed half-hours between start and end as [from, to] ms intervals (merged). */
export function closedIntervals(calendar: CalendarLike, start: number, end: number): [number, number][] {
  if (calendar.alwaysOpen) return [];
  const open = openSlots(calendar);
  const closedDates = new Set(calendar.closedDates);
  const out: [number, number][] = [];
  const first = Math.floor(start / SLOT) * SLOT;
  for (let t = first; t < end && out.length < 5000; t += SLOT) {
    const { day, slot, date } = localParts(t, calendar.timezone);
    const isOpen = day >= 0 && open[day][slot] && !closedDates.has(date);
    if (isOpen) continue;
    const from = Math.max(t, start);
    const to = Math.min(t + SLOT, end);
    const last = out[out.length - 1];
    if (last && last[1] >= from) last[1] = to;
    else out.push([from, to]);
  }
  return out;
}

/** Paused and reopen-gap intervals from the events. */
export function stoppedIntervals(events: Event[], end: number): { from: number; to: number; why: string }[] {
  const out: { from: number; to: number; why: string }[] = [];
  let pausedAt: number | null = null;
  let resolvedAt: number | null = null;
  for (const e of events) {
    const t = Date.parse(e.at);
    if (t > end) break;
    if (e.kind === "PAUSED") pausedAt = t;
    if (e.kind === "RESUMED" && pausedAt !== null) {
      out.push({ from: pausedAt, to: t, why: "paused" });
      pausedAt = null;
    }
    if (e.kind === "RESOLVED") resolvedAt = t;
    if (e.kind === "REOPENED" && resolvedAt !== null) {
      out.push({ from: resolvedAt, to: t, why: "resolved, then reopened" });
      resolvedAt = null;
    }
  }
  if (pausedAt !== null) out.push({ from: pausedAt, to: end, why: "paused" });
  return out;
}

export function ClockTrack({
  calendar,
  events,
  start,
  end,
  asOf,
  deadlines,
}: {
  calendar: CalendarLike;
  events: Event[];
  start: number;
  end: number;
  asOf: number | null;
  deadlines: { label: string; at: string }[];
}) {
  const width = 1000;
  const x = (t: number) => ((t - start) / Math.max(1, end - start)) * width;
  const closed = closedIntervals(calendar, start, end);
  const stopped = stoppedIntervals(events, end);
  return (
    <div data-testid="clock-track" style={{ margin: "0.4rem 0 0.8rem" }}>
      <svg viewBox={`0 0 ${width} 64`} width="100%" height="64" preserveAspectRatio="none" role="img" aria-label="Clock track">
        <rect x={0} y={14} width={width} height={22} fill="#dfeafa" />
        {closed.map(([a, b], i) => (
          <rect key={`c${i}`} x={x(a)} y={14} width={Math.max(0.5, x(b) - x(a))} height={22} fill="#c9ced8">
            <title>calendar closed</title>
          </rect>
        ))}
        {stopped.map((s, i) => (
          <rect key={`s${i}`} x={x(s.from)} y={14} width={Math.max(0.5, x(s.to) - x(s.from))} height={22} fill="#b9a6e8" data-stopped={s.why}>
            <title>{s.why}</title>
          </rect>
        ))}
        {events.map((e) => (
          <line key={e.seq} x1={x(Date.parse(e.at))} x2={x(Date.parse(e.at))} y1={10} y2={40} stroke="#2453a6" strokeWidth={1.5}>
            <title>
              #{e.seq} {e.kind} {e.at}
            </title>
          </line>
        ))}
        {deadlines.map((d) => (
          <g key={d.label}>
            <line x1={x(Date.parse(d.at))} x2={x(Date.parse(d.at))} y1={4} y2={46} stroke="#b3261e" strokeWidth={2} strokeDasharray="3 2" />
            <text x={Math.min(width - 4, x(Date.parse(d.at)) + 3)} y={58} fontSize={11} fill="#b3261e" textAnchor={x(Date.parse(d.at)) > width - 120 ? "end" : "start"}>
              {d.label}
            </text>
          </g>
        ))}
        {asOf !== null && <line x1={x(asOf)} x2={x(asOf)} y1={0} y2={50} stroke="#1d2330" strokeWidth={2} />}
      </svg>
      <div className="muted" style={{ fontSize: "0.78rem" }}>
        <span style={{ background: "#dfeafa", padding: "0 0.4rem" }}>counted</span>{" "}
        <span style={{ background: "#c9ced8", padding: "0 0.4rem" }}>calendar {calendar.key} closed ({calendar.timezone})</span>{" "}
        <span style={{ background: "#b9a6e8", padding: "0 0.4rem" }}>paused or resolved before a reopen</span> · blue ticks:
        events · red: deadlines{calendar.alwaysOpen ? "" : " · public holidays are not drawn"}
      </div>
    </div>
  );
}
