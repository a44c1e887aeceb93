/**
 * Galloping then bisection for the first index where a monotone predicate turns true (Bentley
 * and Yao, "An almost optimal algorithm for unbounded searching", 1976).
 *
 * From a starting guess, step outwards by 1, 2, 4, 8, ... until the predicate changes, then
 * bisect the last gap. When the guess is d places from the answer this takes about 2 log2(d)
 * probes, against d for a linear scan and log2(n) for plain bisection of the whole range, so a
 * good first guess (Erlang C) pays off and a bad one costs little.
 *
 * The predicate is "this size meets every SLO", which is only close to monotone (retry storms
 * and metastable states can make a larger cluster fail where a smaller one passed), so
 * {@link firstTrue} also probes one index above the boundary it finds ("confirm") and, when
 * that probe is false, reports the violation and searches again above it.
 *
 * Two at a time: with `prefetch`, every step hands two indexes to the caller at once, so a
 * runner with two workers is never left with one idle while the other finishes a probe. The
 * guess goes with its lower neighbour (the two sizes a recommendation compares, run on the same
 * seeds), a gallop with its next step, the bisection becomes a trisection (two interior points
 * cut the gap to a third), and the last single bisection point goes with the confirm probe.
 * When the index the search reads next is already evaluated (a gallop step fetched with the
 * one before), no batch is sent: the search reads it first, since its value decides which
 * index comes next (fetching the step after it blindly ran two sizes the search then did not
 * need: black-friday's floor 13 and 21 after 9 had passed). When the other of a pair is already
 * known, the batch takes the next index the search would want (the gallop step after next, the
 * guess's upper neighbour). The search's logic reads the values in the same order as before; a
 * prefetched index it then does not need is evaluated but not among its steps.
 */

/** One probe of the search, in order. */
export interface GallopStep {
  index: number;
  value: boolean;
  phase: "guess" | "gallop-up" | "gallop-down" | "bisect" | "confirm";
}

/** What {@link firstTrue} found. */
export interface GallopResult {
  /** The smallest index found true with everything probed above it true; null if none in range. */
  first: number | null;
  steps: GallopStep[];
  /** Pairs (lower index true, higher index false) seen: the predicate was not monotone there. */
  violations: Array<{ trueAt: number; falseAt: number }>;
}

/** Options of {@link firstTrue}. */
export interface GallopOptions {
  /** Indexes 0 .. size - 1. */
  size: number;
  /** The first index to probe (clamped into range). */
  start: number;
  /** The predicate; called at most once per index, with the phase of the search asking. */
  probe: (index: number, phase: GallopStep["phase"]) => Promise<boolean>;
  /** Values already known (not probed again). */
  known?: ReadonlyMap<number, boolean>;
  /** Probe the index above a boundary to check monotonicity (default true). */
  confirm?: boolean;
  /**
   * Evaluate these indexes together (one batch) before the search asks for them one by one
   * through `probe`, which should then answer from what was evaluated. Without it the search
   * probes one index at a time and bisects.
   */
  prefetch?: (indexes: number[], phase: GallopStep["phase"]) => Promise<void>;
}

/**
 * Finds the first index where a (nearly) monotone predicate is true; see the file comment.
 * Probes at most about 2 log2(size) + 2 indexes per boundary found; the number of boundaries is
 * bounded by `size`, so the search always ends.
 */
export async function firstTrue(options: GallopOptions): Promise<GallopResult> {
  const { size } = options;
  const values = new Map<number, boolean>(options.known ?? []);
  const steps: GallopStep[] = [];
  const violations: GallopResult["violations"] = [];
  const at = async (index: number, phase: GallopStep["phase"]): Promise<boolean> => {
    const knownValue = values.get(index);
    if (knownValue !== undefined) return knownValue;
    const value = await options.probe(index, phase);
    values.set(index, value);
    steps.push({ index, value, phase });
    return value;
  };
  const confirm = options.confirm !== false;
  const prefetched = new Set<number>();
  const prefetch = async (indexes: number[], phase: GallopStep["phase"]): Promise<void> => {
    if (options.prefetch === undefined) return;
    // indexes[0] is the value the search reads next: when it is already evaluated, read it
    // first, since it decides which of the others are wanted at all.
    if (values.has(indexes[0]!) || prefetched.has(indexes[0]!)) return;
    // In priority order; the first two not yet evaluated make the batch.
    const wanted = [...new Set(indexes)].filter((index) => index >= 0 && index < size && !values.has(index) && !prefetched.has(index)).slice(0, 2);
    for (const index of wanted) prefetched.add(index);
    if (wanted.length > 0) await options.prefetch(wanted, phase);
  };
  if (size <= 0) return { first: null, steps, violations };
  let low = -1; // largest index known false (or -1)
  let start = Math.min(size - 1, Math.max(0, Math.round(options.start)));
  let phase: GallopStep["phase"] = "guess";
  for (;;) {
    const high = await boundaryFrom({ at, prefetch, paired: options.prefetch !== undefined, confirm, low, start, size, phase });
    if (high === null) return { first: null, steps, violations };
    if (!confirm || high + 1 >= size) return { first: high, steps, violations };
    if (await at(high + 1, "confirm")) return { first: high, steps, violations };
    violations.push({ trueAt: high, falseAt: high + 1 });
    low = high + 1;
    if (low + 1 >= size) return { first: null, steps, violations };
    start = low + 1;
    phase = "gallop-up";
  }
}

/** Gallops from `start` and bisects (trisects when paired); returns the first true index above `low`, or null. */
async function boundaryFrom(search: {
  at: (index: number, phase: GallopStep["phase"]) => Promise<boolean>;
  prefetch: (indexes: number[], phase: GallopStep["phase"]) => Promise<void>;
  paired: boolean;
  confirm: boolean;
  low: number;
  start: number;
  size: number;
  phase: GallopStep["phase"];
}): Promise<number | null> {
  const { at, prefetch, size } = search;
  let low = search.low;
  let high: number | null = null;
  await prefetch(search.start - 1 > low ? [search.start, search.start - 1, search.start + 1] : [search.start, search.start + 1], search.phase);
  if (await at(search.start, search.phase)) {
    high = search.start;
    for (let step = 1; high > low + 1; step *= 2) {
      const index = Math.max(low + 1, high - step);
      await prefetch([index, Math.max(low + 1, index - 2 * step), Math.max(low + 1, index - 6 * step)], "gallop-down");
      if (await at(index, "gallop-down")) high = index;
      else {
        low = index;
        break;
      }
    }
  } else {
    low = search.start;
    for (let step = 1; low < size - 1; step *= 2) {
      const index = Math.min(size - 1, low + step);
      await prefetch([index, Math.min(size - 1, index + 2 * step), Math.min(size - 1, index + 6 * step)], "gallop-up");
      if (await at(index, "gallop-up")) {
        high = index;
        break;
      }
      low = index;
    }
    if (high === null) return null;
  }
  return narrow({ at, prefetch, paired: search.paired, confirm: search.confirm, low, high });
}

/** Bisects (trisects when paired) the gap between `low` (false) and `high` (true); returns the first true index. */
async function narrow(search: {
  at: (index: number, phase: GallopStep["phase"]) => Promise<boolean>;
  prefetch: (indexes: number[], phase: GallopStep["phase"]) => Promise<void>;
  paired: boolean;
  confirm: boolean;
  low: number;
  high: number;
}): Promise<number> {
  const { at, prefetch } = search;
  let { low, high } = search;
  while (high - low > 1) {
    const gap: number = high - low;
    if (search.paired && gap > 2) {
      const first: number = low + Math.floor(gap / 3);
      const second: number = low + Math.floor((2 * gap) / 3);
      await prefetch([first, second], "bisect");
      if (await at(first, "bisect")) high = first;
      else if (await at(second, "bisect")) {
        low = first;
        high = second;
      } else low = second;
      continue;
    }
    const middle = Math.floor((low + high) / 2);
    await prefetch(search.confirm && gap === 2 ? [middle, high + 1] : [middle], "bisect");
    if (await at(middle, "bisect")) high = middle;
    else low = middle;
  }
  return high;
}
