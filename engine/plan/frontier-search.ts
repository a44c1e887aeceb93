/**
 * Cost-ordered search over several variables: the cheapest configuration that meets every SLO,
 * assuming (as the one-variable search does) that more of any variable never hurts.
 *
 * 1. Bounds. For each variable, gallop and bisect along it with every other variable at its
 *    largest value: below that boundary nothing can pass, whatever the others are. (If the
 *    all-largest corner fails, nothing in range passes and the search stops.)
 * 2. Best-first. Walk the remaining box from its cheapest corner in order of cost (a priority
 *    queue keyed by cost, then by the index vector, so ties break the same way every time).
 *    Each popped configuration is skipped if some evaluated configuration at least as large in
 *    every variable failed (then it fails too), otherwise evaluated; its successors (one
 *    variable one step larger) join the queue. Since cost grows with every variable, the first
 *    configuration that passes is the cheapest that does.
 *
 * Every evaluation is counted against `probesMax`, and the search says which limit stopped it.
 */
import { firstTrue } from "./gallop";
import { compareIndexes } from "./report";

/** One configuration the search judged, in order. */
export interface FrontierProbe {
  indexes: number[];
  value: boolean;
  phase: string;
}

/** What {@link cheapestTrue} found. */
export interface FrontierResult {
  first: number[] | null;
  probes: FrontierProbe[];
  /** Configurations skipped because a larger one already failed. */
  skipped: number;
  stoppedBy: "found" | "nothing-passes" | "exhausted" | "probe-budget";
}

/** Options of {@link cheapestTrue}. */
export interface FrontierOptions {
  /** Values per variable. */
  sizes: readonly number[];
  /** Cost of a configuration; must not decrease when any index grows. */
  costOf: (indexes: readonly number[]) => number;
  /** The predicate ("meets every SLO"); called at most once per configuration. */
  probe: (indexes: readonly number[], phase: string) => Promise<boolean>;
  /** Where to start each variable's bound search (the analytic guess), or null for 0. */
  starts: ReadonlyArray<number | null>;
  /** Most configurations evaluated. */
  probesMax: number;
}

/** Finds the cheapest configuration for which `probe` is true; see the file comment. */
export async function cheapestTrue(options: FrontierOptions): Promise<FrontierResult> {
  const { sizes } = options;
  const memo = new Map<string, boolean>();
  const probes: FrontierProbe[] = [];
  const failed: number[][] = [];
  const judge = async (indexes: number[], phase: string): Promise<boolean> => {
    const key = indexes.join(",");
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = await options.probe(indexes, phase);
    memo.set(key, value);
    probes.push({ indexes, value, phase });
    if (!value) failed.push(indexes);
    return value;
  };
  const top = sizes.map((n) => n - 1);
  const lower: number[] = [];
  for (let v = 0; v < sizes.length; v++) {
    if (probes.length >= options.probesMax) return { first: null, probes, skipped: 0, stoppedBy: "probe-budget" };
    const at = (index: number) => top.map((t, u) => (u === v ? index : t));
    const bound = await firstTrue({ size: sizes[v]!, start: options.starts[v] ?? 0, probe: (index, phase) => judge(at(index), `bound ${v + 1} ${phase}`), confirm: false });
    if (bound.first === null) return { first: null, probes, skipped: 0, stoppedBy: "nothing-passes" };
    lower.push(bound.first);
  }
  return bestFirst({ ...options, lower, judge, probes, failed });
}

async function bestFirst(search: FrontierOptions & { lower: number[]; judge: (indexes: number[], phase: string) => Promise<boolean>; probes: FrontierProbe[]; failed: number[][] }): Promise<FrontierResult> {
  const { sizes, costOf, lower, judge, probes, failed } = search;
  const queue: Array<{ indexes: number[]; cost: number }> = [];
  const seen = new Set<string>();
  const push = (indexes: number[]): void => {
    const key = indexes.join(",");
    if (seen.has(key)) return;
    seen.add(key);
    const entry = { indexes, cost: costOf(indexes) };
    // Sorted insertion keeps the queue ordered by (cost, indexes); it stays small (the frontier).
    let at = queue.length;
    while (at > 0 && order(queue[at - 1]!, entry) > 0) at--;
    queue.splice(at, 0, entry);
  };
  push(lower);
  let skipped = 0;
  while (queue.length > 0) {
    const { indexes } = queue.shift()!;
    if (failed.some((f) => f.every((x, i) => indexes[i]! <= x))) skipped++;
    else {
      if (probes.length >= search.probesMax) return { first: null, probes, skipped, stoppedBy: "probe-budget" };
      if (await judge(indexes, "cost order")) return { first: indexes, probes, skipped, stoppedBy: "found" };
    }
    for (let v = 0; v < sizes.length; v++) {
      if (indexes[v]! + 1 < sizes[v]!) push(indexes.map((x, u) => (u === v ? x + 1 : x)));
    }
  }
  return { first: null, probes, skipped, stoppedBy: "exhausted" };
}

function order(a: { indexes: number[]; cost: number }, b: { indexes: number[]; cost: number }): number {
  return a.cost - b.cost || compareIndexes(a.indexes, b.indexes);
}
