/**
 * Key popularity: the Zipf and table samplers against their probability mass functions, and
 * launches taking their share. Tolerances: a bin of probability p over n draws has count
 * standard deviation sqrt(n p (1 - p)); each check allows 5 of them, so with the ~60 bins
 * checked here a correct sampler fails with probability below 1e-4 (and the seeds are fixed).
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../core/rng";
import { KeyPicker, TableSampler, ZipfSampler, hotShareAt, zipfProbabilities, type RankSampler } from "./key-popularity";

const DRAWS = 200_000;

/** Checks the first `bins` ranks and the rest (as one bin) against `p` (indexed rank - 1). */
function checkAgainstPmf(sampler: RankSampler, p: ArrayLike<number>, bins: number, seed: number): void {
  const stream = new RandomStreams(seed).get("zipf");
  const counts = new Float64Array(bins + 1);
  for (let i = 0; i < DRAWS; i++) {
    const rank = sampler.sample(stream);
    if (!(rank >= 1 && rank <= sampler.count && Number.isInteger(rank))) throw new Error(`rank ${rank} out of range`);
    counts[Math.min(rank - 1, bins)]!++;
  }
  let tail = 1;
  for (let b = 0; b <= bins; b++) {
    const prob = b < bins ? p[b]! : tail;
    if (b < bins) tail -= prob;
    const sd = Math.sqrt(DRAWS * prob * (1 - prob));
    expect(Math.abs(counts[b]! - DRAWS * prob), `bin ${b}: ${counts[b]} draws, expected ${DRAWS * prob} ± ${5 * sd}`).toBeLessThanOrEqual(5 * sd + 1e-9);
  }
}

describe("Zipf sampler (rejection-inversion)", () => {
  for (const [count, exponent] of [[10, 1], [1000, 0.6], [1000, 1], [100_000, 1.2], [50, 2.5], [20, 0]] as const) {
    it(`draws ranks with P(k) ∝ k^-${exponent} over ${count} keys`, () => {
      checkAgainstPmf(new ZipfSampler(count, exponent), zipfProbabilities(count, exponent), Math.min(count - 1, 10), count + Math.round(exponent * 10));
    });
  }

  it("draws only rank 1 from a catalogue of one", () => {
    const stream = new RandomStreams(1).get("zipf");
    const sampler = new ZipfSampler(1, 0.9);
    for (let i = 0; i < 1000; i++) expect(sampler.sample(stream)).toBe(1);
  });
});

describe("table sampler (alias method)", () => {
  it("draws ranks in proportion to the table's weights, zero weights never", () => {
    const weights = [5, 0, 3, 2, 0.5, 0, 9];
    const total = weights.reduce((a, b) => a + b, 0);
    checkAgainstPmf(new TableSampler(weights), weights.map((w) => w / total), weights.length - 1, 7);
  });
});

describe("launches", () => {
  const hot = { atMs: 1000, rampMs: 1000, untilMs: 5000, share: 0.4, count: 3, firstKey: 100 };

  it("ramp their share up linearly from the start and stop at the end", () => {
    expect(hotShareAt(hot, 999)).toBe(0);
    expect(hotShareAt(hot, 1500)).toBeCloseTo(0.2, 12);
    expect(hotShareAt(hot, 2000)).toBe(0.4);
    expect(hotShareAt(hot, 4999)).toBe(0.4);
    expect(hotShareAt(hot, 5000)).toBe(0);
  });

  it("send their share of requests to their new keys, equally", () => {
    const picker = new KeyPicker({ popularity: { kind: "zipf", exponent: 1, count: 100 }, hot: [hot] }, new RandomStreams(3).get("keys"));
    const counts = [0, 0, 0];
    let other = 0;
    let keyMax = 0;
    for (let i = 0; i < DRAWS; i++) {
      const key = picker.next(3000);
      if (key >= 100) counts[key - 100]!++;
      else other++;
      keyMax = Math.max(keyMax, key);
    }
    expect(keyMax).toBe(102);
    const sd = Math.sqrt(DRAWS * 0.4 * 0.6);
    expect(Math.abs(DRAWS - other - DRAWS * 0.4)).toBeLessThan(5 * sd);
    for (const c of counts) expect(Math.abs(c - (DRAWS * 0.4) / 3)).toBeLessThan(5 * Math.sqrt((DRAWS * 0.4) / 3));
    let beforeMax = 0;
    for (let i = 0; i < 1000; i++) beforeMax = Math.max(beforeMax, picker.next(500));
    expect(beforeMax).toBeLessThan(100); // before the launch
  });
});
