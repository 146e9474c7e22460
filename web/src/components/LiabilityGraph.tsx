// A liability chain drawn as a graph: dagre lays it out left to right, we draw it as SVG.
import { Graph, layout } from "@dagrejs/dagre";
import { useMemo } from "react";

export interface ChainNode {
  id: string;
  kind: "breach" | "clause" | "obligor" | "responsible" | "remedy" | "precedent" | "dispute";
  title: string;
  lines: string[];
}

export interface ChainEdge {
  from: string;
  to: string;
  label?: string;
}

const COLORS: Record<ChainNode["kind"], [string, string]> = {
  breach: ["#fbe2e0", "#b3261e"],
  clause: ["#e2ecfb", "#2453a6"],
  obligor: ["#eef0f4", "#5e6778"],
  responsible: ["#fdeed6", "#a86400"],
  remedy: ["#dcf2e4", "#1f7a45"],
  precedent: ["#ece6fa", "#6a4fb3"],
  dispute: ["#fff3c4", "#8a6d00"],
};

const WIDTH = 190;
const LINE = 14;

export function LiabilityGraph({
  nodes,
  edges,
  selected,
  onSelect,
}: {
  nodes: ChainNode[];
  edges: ChainEdge[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const laidOut = useMemo(() => {
    const g = new Graph();
    g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 44, marginx: 12, marginy: 12 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(n.id, { width: WIDTH, height: 24 + LINE * n.lines.length });
    for (const e of edges) g.setEdge(e.from, e.to, { label: e.label });
    layout(g);
    const placed = nodes.map((n) => ({ ...n, ...(g.node(n.id) as { x: number; y: number; width: number; height: number }) }));
    const routed = edges.map((e) => ({ ...e, points: (g.edge(e.from, e.to) as { points: { x: number; y: number }[] }).points }));
    // The drawing's bounds: every node and every point of every edge, with a margin.
    const xs = [...placed.flatMap((n) => [n.x - n.width / 2, n.x + n.width / 2]), ...routed.flatMap((e) => e.points.map((p) => p.x))];
    const ys = [...placed.flatMap((n) => [n.y - n.height / 2, n.y + n.height / 2]), ...routed.flatMap((e) => e.points.map((p) => p.y))];
    const margin = 12;
    const minX = Math.min(...xs) - margin;
    const minY = Math.min(...ys) - margin;
    return {
      minX,
      minY,
      width: Math.max(...xs) + margin - minX,
      height: Math.max(...ys) + margin - minY,
      nodes: placed,
      edges: routed,
    };
  }, [nodes, edges]);

  return (
    <div className="graph-wrap">
      <svg
        viewBox={`${laidOut.minX} ${laidOut.minY} ${laidOut.width} ${laidOut.height}`}
        width="100%"
        style={{ maxWidth: laidOut.width, display: "block" }}
        data-testid="liability-graph" role="img" aria-label="Liability chain">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#8a93a6" />
          </marker>
        </defs>
        {laidOut.edges.map((e, i) => (
          <path
            key={i}
            d={e.points.map((p, j) => `${j ? "L" : "M"} ${p.x} ${p.y}`).join(" ")}
            fill="none"
            stroke="#8a93a6"
            strokeWidth={1.2}
            markerEnd="url(#arrow)"
          />
        ))}
        {laidOut.nodes.map((n) => {
          const [fill, stroke] = COLORS[n.kind];
          const x = n.x - n.width / 2;
          const y = n.y - n.height / 2;
          return (
            <g
              key={n.id}
              className="graph-node"
              data-node={n.id}
              transform={`translate(${x},${y})`}
              onClick={() => onSelect(n.id)}
              role="button"
              aria-label={n.title}
            >
              <rect width={n.width} height={n.height} rx={6} fill={fill} stroke={stroke} strokeWidth={selected === n.id ? 3 : 1.2} />
              <text x={8} y={16} fontWeight={700} fill={stroke}>
                {clip(n.title, 27)}
              </text>
              <title>{[n.title, ...n.lines].join("\n")}</title>
              {n.lines.map((line, i) => (
                <text key={i} x={8} y={16 + LINE * (i + 1)} fill="#1d2330">
                  {clip(line, 32)}
                </text>
              ))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
