import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { download } from "../api";
import { Badge, Failure, Loading, NotFound, Panel } from "../components/Common";
import { instant, money } from "../format";
import { useQuery } from "../hooks";
import { DisputeQuery } from "../queries";

export function DisputeView() {
  const { key = "" } = useParams();
  const { data, error, loading } = useQuery(DisputeQuery, { key });
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (error) return <Failure error={error} />;
  if (loading && !data) return <Loading what="the dispute" />;
  const d = data?.dispute;
  if (!d) return <NotFound what="dispute" />;
  const steps = d.contract.disputeResolution?.steps ?? [];
  const fetchFile = (url: string) => {
    setDownloadError(null);
    const name = `${d.key}-${url.split("/").pop() ?? "bundle"}`;
    download(url, name).catch((err: unknown) => setDownloadError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <>
      <h1 data-testid="dispute-title">
        {d.key}: {d.title}
      </h1>
      <div className="sub">
        <Badge value={d.status} kind="RUNNING" /> · {d.claimant.name} (claimant) v {d.respondent.name} (respondent) · contract{" "}
        <Link to={`/contracts/${encodeURIComponent(d.contract.key)}`}>{d.contract.title}</Link> · claimed{" "}
        <strong data-testid="claimed">{money(d.amountClaimed, d.currency)}</strong> · forum {d.forum ?? "—"} · opened {instant(d.openedAt)}
        {d.openedBy ? ` by ${d.openedBy.name}` : ""}
      </div>

      <div className="grid2">
        <Panel title="Status and transitions">
          {steps.length > 0 && (
            <p>
              Steps:{" "}
              {steps.map((s, i) => (
                <span key={s}>
                  {i > 0 && " → "}
                  {s === d.status ? <strong>{s}</strong> : <span className="muted">{s}</span>}
                </span>
              ))}
            </p>
          )}
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>From → to</th>
                <th>When</th>
                <th>By</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {d.transitions.map((t) => (
                <tr key={t.seq}>
                  <td>{t.seq}</td>
                  <td>
                    {t.fromStatus ?? "—"} → {t.toStatus}
                    {t.override && <Badge value="override" kind="LATE" />}
                  </td>
                  <td>{instant(t.at)}</td>
                  <td>{t.by?.name ?? "—"}</td>
                  <td>{t.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <Panel title="Incidents">
          <table data-testid="dispute-incidents">
            <tbody>
              {d.incidents.map((i) => (
                <tr key={i.key}>
                  <td>
                    <Link to={`/incidents/${encodeURIComponent(i.key)}`}>{i.key}</Link>
                  </td>
                  <td>{i.severity.code}</td>
                  <td>{i.title}</td>
                  <td>
                    {i.breaches.length} breaches ·{" "}
                    <Link to={`/incidents/${encodeURIComponent(i.key)}/liability`}>liability chain</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Citations</h3>
          <ul>
            {d.citations.map((c) => (
              <li key={c.precedent.key}>
                <strong>{c.precedent.caseName}</strong> {c.precedent.citation}
                {c.note ? `: ${c.note}` : ""}
              </li>
            ))}
            {d.citations.length === 0 && <li className="muted">none</li>}
          </ul>
        </Panel>
      </div>
      <div style={{ height: "1rem" }} />

      <Panel title={`Sealed bundles (${d.bundles.length})`}>
        {downloadError && <div className="error">{downloadError}</div>}
        <table data-testid="bundles">
          <thead>
            <tr>
              <th>Version</th>
              <th>Sealed</th>
              <th>Items</th>
              <th>SHA-256</th>
              <th>Verification</th>
              <th>Download</th>
            </tr>
          </thead>
          <tbody>
            {d.bundles.map((b) => (
              <tr key={b.version}>
                <td>{b.version}</td>
                <td>
                  {instant(b.sealedAt)}
                  {b.sealedBy ? ` by ${b.sealedBy.name}` : ""}
                </td>
                <td>{b.itemCount}</td>
                <td className="mono" title={b.sha256}>
                  {b.sha256.slice(0, 16)}…
                </td>
                <td data-testid={`verify-${b.version}`}>
                  {b.verify.ok ? <Badge value="verified" kind="ok" /> : <Badge value="tampered" kind="bad" />}
                  {[...b.verify.tampered, ...b.verify.changedSinceSeal].length > 0 && (
                    <ul>
                      {b.verify.tampered.map((m, i) => (
                        <li key={`t${i}`}>
                          TAMPERED {m.kind} {m.path.join(".")}: {m.message}
                        </li>
                      ))}
                      {b.verify.changedSinceSeal.map((m, i) => (
                        <li key={`c${i}`} className="muted">
                          changed since the seal: {m.kind} {m.path.join(".")}: {m.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td style={{ display: "flex", gap: "0.3rem" }}>
                  {b.exportUrls.map((url) => (
                    <button key={url} className="secondary" onClick={() => fetchFile(url)} data-url={url}>
                      {url.split(".").pop()?.toUpperCase()}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {d.bundles.length === 0 && <p className="muted">Not sealed yet.</p>}
      </Panel>

      <Panel title={`Evidence (${d.evidence.length})`}>
        <table data-testid="evidence">
          <thead>
            <tr>
              <th>Item</th>
              <th>Kind</th>
              <th>About</th>
              <th>SHA-256</th>
              <th>Added</th>
              <th>Custody</th>
            </tr>
          </thead>
          <tbody>
            {d.evidence.map((e) => (
              <tr key={e.key}>
                <td className="mono">{e.key.split("/").pop()}</td>
                <td>
                  {e.kind}
                  {e.label && <div className="muted">{e.label}</div>}
                </td>
                <td className="mono">{e.ref ?? e.fileName ?? ""}</td>
                <td className="mono" title={e.sha256}>
                  {e.sha256.slice(0, 12)}… ({e.size} B)
                  <div>
                    <button
                      type="button"
                      className="link"
                      data-testid="evidence-download"
                      onClick={() => {
                        setDownloadError(null);
                        const name = e.fileName ?? e.key.replace("/", "-");
                        download(e.downloadUrl, name).catch((err: unknown) =>
                          setDownloadError(err instanceof Error ? err.message : String(err)),
                        );
                      }}
                    >
                      download
                    </button>
                  </div>
                </td>
                <td>
                  {instant(e.addedAt)}
                  {e.addedBy ? ` by ${e.addedBy.name}` : ""}
                </td>
                <td>
                  {e.custody.map((c, i) => (
                    <div key={i}>
                      <Badge value={c.action} kind="" /> {instant(c.at)} {c.person?.name ?? ""}
                      {c.purpose ? <span className="muted"> · {c.purpose}</span> : null}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </>
  );
}
