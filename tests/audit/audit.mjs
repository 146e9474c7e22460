// Runs the graphql-http server audits against a running Clausegraph service and prints one JSON report.
// Usage: node audit.mjs <graphql url>   (CLAUSEGRAPH_AUDIT_KEY: the bearer secret sent with every request)
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('Usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}
const key = process.env.CLAUSEGRAPH_AUDIT_KEY;

function fetchWithKey(input, init = {}) {
  const headers = new Headers(init.headers || {});
  if (key) headers.set('authorization', `Bearer ${key}`);
  return fetch(input, { ...init, headers });
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetchWithKey })) {
  const result = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null });
}
const counts = { ok: 0, warn: 0, error: 0 };
for (const r of results) counts[r.status] += 1;
console.log(JSON.stringify({ counts, results }, null, 2));
process.exit(counts.warn + counts.error === 0 ? 0 : 1);
