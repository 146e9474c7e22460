import { Link, useSearchParams } from "react-router-dom";
import { Failure, Loading, Panel } from "../components/Common";
import { useQuery } from "../hooks";
import { SearchQuery } from "../queries";
import type { ExplorerSearchQuery } from "../gql/graphql";

type Hit = ExplorerSearchQuery["search"][number];

function hitLink(hit: Hit): string | null {
  if (hit.kind === "INCIDENT" && hit.key) return `/incidents/${encodeURIComponent(hit.key)}`;
  if (hit.kind === "CLAUSE" && hit.contractKey)
    return `/contracts/${encodeURIComponent(hit.contractKey)}${hit.clauseNumber ? `#clause-${hit.clauseNumber}` : ""}`;
  if (hit.kind === "PRECEDENT") return "/precedents";
  if (hit.kind === "EVIDENCE" && hit.key) return `/disputes/${encodeURIComponent(hit.key.split("/")[0])}`;
  return null;
}

export function SearchView() {
  const [params] = useSearchParams();
  const text = params.get("q") ?? "";
  const { data, error, loading } = useQuery(SearchQuery, { text }, !text.trim());
  return (
    <>
      <h1>Search</h1>
      <Panel title={text ? `Results for “${text}”` : "Type something in the search box"}>
        {error && <Failure error={error} />}
        {loading && text && <Loading what="results" />}
        {data && data.search.length === 0 && <p className="muted">No matches.</p>}
        <div data-testid="hits">
          {data?.search.map((hit) => {
            const to = hitLink(hit);
            return (
              <div className="hit" key={hit.id}>
                <span className="badge">{hit.kind}</span> {to ? <Link to={to}>{hit.title}</Link> : hit.title}{" "}
                <span className="muted mono">
                  {hit.key ?? ""}
                  {hit.contractKey ? ` ${hit.contractKey}` : ""}
                  {hit.clauseNumber ? ` §${hit.clauseNumber}` : ""}
                </span>
                <div className="snippet">{hit.snippet}</div>
              </div>
            );
          })}
        </div>
      </Panel>
    </>
  );
}
