// Small formatting helpers shared by the views.

/** 5400 -> "1 h 30 min"; 0 -> "0 s". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const sign = seconds < 0 ? "-" : "";
  let rest = Math.abs(Math.round(seconds));
  if (rest === 0) return "0 s";
  const parts: string[] = [];
  const units: [string, number][] = [
    ["d", 86400],
    ["h", 3600],
    ["min", 60],
    ["s", 1],
  ];
  for (const [name, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return sign + parts.slice(0, 3).join(" ");
}

/** An ISO instant shown in UTC, to the minute: "2026-02-03 17:10 UTC". */
export function instant(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function money(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return "—";
  return `${currency} ${amount}`;
}

export function percent(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return `${value} %`;
}
