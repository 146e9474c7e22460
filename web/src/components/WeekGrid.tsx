// A support calendar's weekly hours as a grid: 7 days x 48 half-hours, in the calendar's own zone.
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export interface CalendarLike {
  key: string;
  alwaysOpen: boolean;
  timezone: string;
  hours: string[];
  holidayCountry?: string | null;
  holidaySubdivision?: string | null;
  closedDates: string[];
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + (m || 0);
}

/** 'mon 09:00-17:30' lines -> for each day, 48 booleans (open during that half-hour). */
export function openSlots(calendar: CalendarLike): boolean[][] {
  const slots = DAYS.map(() => new Array<boolean>(48).fill(calendar.alwaysOpen));
  if (calendar.alwaysOpen) return slots;
  for (const line of calendar.hours) {
    const match = /^(\w{3})\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(line.trim());
    if (!match) continue;
    const day = DAYS.indexOf(match[1].toLowerCase());
    if (day < 0) continue;
    const start = minutes(match[2]);
    const end = minutes(match[3]);
    for (let slot = 0; slot < 48; slot++) {
      const from = slot * 30;
      if (from >= start && from + 30 <= end) slots[day][slot] = true;
    }
  }
  return slots;
}

export function WeekGrid({ calendar }: { calendar: CalendarLike }) {
  const slots = openSlots(calendar);
  return (
    <div data-testid={`calendar-${calendar.key}`}>
      <div className="muted" style={{ marginBottom: "0.3rem" }}>
        <strong>{calendar.key}</strong> · {calendar.alwaysOpen ? "always open (24 × 7)" : `hours in ${calendar.timezone}`}
        {calendar.holidayCountry &&
          ` · closed on ${calendar.holidayCountry}${calendar.holidaySubdivision ? `-${calendar.holidaySubdivision}` : ""} public holidays`}
        {calendar.closedDates.length > 0 && ` · also closed ${calendar.closedDates.join(", ")}`}
      </div>
      <div className="weekgrid" style={{ gridTemplateColumns: "3rem repeat(48, 1fr)" }}>
        <div />
        {Array.from({ length: 24 }, (_, h) => (
          <div key={h} className="h" style={{ gridColumn: "span 2" }}>
            {h % 3 === 0 ? String(h).padStart(2, "0") : ""}
          </div>
        ))}
        {DAYS.map((day, d) => (
          <Row key={day} day={day} open={slots[d]} />
        ))}
      </div>
    </div>
  );
}

function Row({ day, open }: { day: string; open: boolean[] }) {
  return (
    <>
      <div className="d">{day}</div>
      {open.map((isOpen, i) => (
        <div key={i} className={`c${isOpen ? " open" : ""}`} title={`${day} ${slotLabel(i)}${isOpen ? " open" : " closed"}`} />
      ))}
    </>
  );
}

function slotLabel(slot: number): string {
  const h = String(Math.floor(slot / 2)).padStart(2, "0");
  return `${h}:${slot % 2 ? "30" : "00"}`;
}
