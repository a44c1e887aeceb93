/**
 * Load on the topology's edges at one window: for each call edge (the client into an entry
 * service, or service A calling service B), the requests per second that take it and the
 * share of them that failed, read off the per-class series.
 *
 * A class's rate (succeeded + failed per second, by completion) flows along every hop of its
 * call tree, times the hop's fan-out; an edge sums the classes that use it. This counts the
 * calls the classes' paths make, not retries or calls a cache answered, so it is labelled an
 * estimate (≈) on the picture. The error share is that of the classes using the edge, weighted
 * by their calls on it: where a request failed is not in the series.
 */
import type { SeriesColumns } from "../worker/run-protocol";

/** A call tree hop as the scenario states it. */
export interface CallHop {
  service: string;
  fanout?: number;
  calls?: CallHop[];
}

/** The load on one edge at a window. */
export interface EdgeLoad {
  /** The calling service, or null for the client (traffic entering the system). */
  from: string | null;
  to: string;
  /** Calls per second, estimated. */
  ratePerS: number;
  /** Share of those calls' requests that failed (0..1), NaN with no requests. */
  errorShare: number;
}

/** Edges of every class's call tree with their calls per request of that class. */
export function classEdges(root: CallHop): Map<string, { from: string | null; to: string; callsPerRequest: number }> {
  const edges = new Map<string, { from: string | null; to: string; callsPerRequest: number }>();
  const visit = (hop: CallHop, from: string | null, multiplier: number) => {
    const calls = multiplier * (hop.fanout ?? 1);
    const key = `${from ?? ""}->${hop.service}`;
    const edge = edges.get(key) ?? { from, to: hop.service, callsPerRequest: 0 };
    edge.callsPerRequest += calls;
    edges.set(key, edge);
    for (const child of hop.calls ?? []) visit(child, hop.service, calls);
  };
  visit(root, null, 1);
  return edges;
}

/** Every edge's load at window `w` (classes without series columns count as all requests when alone). */
export function edgeLoads(classes: Array<{ name: string; call: CallHop }>, series: SeriesColumns, w: number): EdgeLoad[] {
  const c = series.columns;
  const totals = new Map<string, { from: string | null; to: string; calls: number; failedCalls: number }>();
  for (const cls of classes) {
    const ok = c[`class/${cls.name}/succeededPerS`]?.[w] ?? (classes.length === 1 ? c.succeededPerS?.[w] : undefined);
    const bad = c[`class/${cls.name}/failedPerS`]?.[w] ?? (classes.length === 1 ? c.failedPerS?.[w] : undefined);
    if (ok === undefined || bad === undefined || !Number.isFinite(ok + bad)) continue;
    for (const [key, edge] of classEdges(cls.call)) {
      const total = totals.get(key) ?? { from: edge.from, to: edge.to, calls: 0, failedCalls: 0 };
      total.calls += (ok + bad) * edge.callsPerRequest;
      total.failedCalls += bad * edge.callsPerRequest;
      totals.set(key, total);
    }
  }
  return [...totals.values()].map((t) => ({ from: t.from, to: t.to, ratePerS: t.calls, errorShare: t.calls > 0 ? t.failedCalls / t.calls : NaN }));
}
