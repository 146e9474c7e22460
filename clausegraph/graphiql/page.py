"""An offline GraphiQL page: GraphiQL 3 and React 18 UMD builds served from our own node_modules."""

from __future__ import annotations

import html
import json
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"

# Served file name -> installed file (`npm install` in this folder, versions pinned in package.json).
ASSETS: dict[str, Path] = {
    "react.production.min.js": NODE_MODULES / "react" / "umd" / "react.production.min.js",
    "react-dom.production.min.js": NODE_MODULES / "react-dom" / "umd" / "react-dom.production.min.js",
    "graphiql.min.js": NODE_MODULES / "graphiql" / "graphiql.min.js",
    "graphiql.min.css": NODE_MODULES / "graphiql" / "graphiql.min.css",
}

DEFAULT_QUERY = """\
# Clausegraph: contracts, SLA clocks, incidents, disputes and precedents.
# Ctrl-Enter runs the query; Ctrl-Space suggests fields.
query LatestContracts {
  contracts(first: 5) {
    totalCount
    edges {
      node {
        key
        version
        title
        kind
        jurisdiction
        effective
        expires
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
"""

_PAGE = """\
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Clausegraph · GraphiQL</title>
  <link rel="stylesheet" href="{prefix}/graphiql.min.css">
  <style>
    html, body {{ margin: 0; height: 100%; }}
    #graphiql {{ height: 100vh; }}
    #graphiql > .loading {{ font: 14px system-ui, sans-serif; padding: 1rem; color: #555; }}
  </style>
</head>
<body>
  <div id="graphiql"><p class="loading">Loading GraphiQL…</p></div>
  <script src="{prefix}/react.production.min.js"></script>
  <script src="{prefix}/react-dom.production.min.js"></script>
  <script src="{prefix}/graphiql.min.js"></script>
  <script>
    (function () {{
      var container = document.getElementById("graphiql");
      if (typeof GraphiQL === "undefined") {{
        container.textContent = "GraphiQL's files did not load from {prefix_text}. "
          + "Run `npm install` in clausegraph/graphiql.";
        return;
      }}
      var endpoint = {endpoint};
      // Subscriptions (graphql-transport-ws) on the same path; the headers editor's values are sent
      // with every query and as the WebSocket's connection parameters.
      var wsBase = (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
      var subscriptionUrl = /^wss?:/.test(endpoint) ? endpoint : wsBase + endpoint;
      var fetcher = GraphiQL.createFetcher({{ url: endpoint, subscriptionUrl: subscriptionUrl }});
      var headers = {headers};
      ReactDOM.createRoot(container).render(
        React.createElement(GraphiQL, {{
          fetcher: fetcher,
          defaultQuery: {query},
          defaultHeaders: headers || undefined,
          headers: headers || undefined,
          defaultEditorToolsVisibility: headers ? "headers" : true,
        }})
      );
    }})();
  </script>
</body>
</html>
"""


def _script_literal(value: str) -> str:
    """A JSON string that is also safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def graphiql_html(
    endpoint: str = "/graphql", assets_prefix: str = "/graphiql-assets", *, dev_key: str | None = None
) -> str:
    """The GraphiQL page, posting queries to `endpoint` and loading its files from `assets_prefix`.

    Subscriptions go over WebSocket to the same path. With `dev_key` (development mode, a browser on
    this machine) the headers editor starts with that key as the Authorization header.
    """
    prefix = assets_prefix.rstrip("/")
    headers = json.dumps({"Authorization": f"Bearer {dev_key}"}, indent=2) if dev_key else ""
    return _PAGE.format(
        headers=_script_literal(headers),
        prefix=html.escape(prefix, quote=True),
        prefix_text=_script_literal(prefix)[1:-1],
        endpoint=_script_literal(endpoint),
        query=_script_literal(DEFAULT_QUERY),
    )


def assets_missing() -> list[str]:
    """Names of the served files not installed yet (empty once `npm install` has run here)."""
    return [name for name, path in ASSETS.items() if not path.is_file()]
