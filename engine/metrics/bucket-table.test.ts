/**
 * The table lookup must give, for every value, the first bucket whose reported upper bound is
 * >= the value (a plain search of the bounds), checked at and around every bound, where a
 * wrong table would fail first, and over a million log-uniform values, for the default layout
 * and three others. Against the logarithm formula it replaced, the lookup may differ only for
 * values within a few ulps of a bound.
 */
import { describe, expect, it } from "vitest";
import { dmath } from "../core/det-math";
import { SampleSource } from "../core/det-math/test-support/samples";
import { tableBucketIndex } from "./bucket-table";
import { DEFAULT_HISTOGRAM_LAYOUT, LatencyHistogram, type LatencyHistogramLayout } from "./histogram";

/** The n-th double after (n > 0) or before (n < 0) a positive v. */
function stepUlps(v: number, n: number): number {
  const f = new Float64Array([v]);
  const words = new BigInt64Array(f.buffer);
  words[0] = words[0]! + BigInt(n);
  return f[0]!;
}

function setup(layout: LatencyHistogramLayout) {
  const histogram = new LatencyHistogram(layout);
  const overflow = histogram.bucketCount - 1;
  const upper = Array.from({ length: histogram.bucketCount }, (_, i) => histogram.upperBoundMs(i));
  // The reference: a binary search for the first bound >= v.
  const search = (v: number) => {
    let lo = 2, hi = overflow;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (upper[mid]! >= v) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  // The formula the table replaced.
  const a = layout.relativeAccuracy;
  const logLowest = dmath.log(layout.lowestMs);
  const logGammaInverse = 1 / dmath.log((1 + a) / (1 - a));
  const formula = (v: number) => {
    const k = Math.ceil((dmath.log(v) - logLowest) * logGammaInverse) - 1;
    return k >= overflow - 2 ? overflow : 2 + Math.max(k, 0);
  };
  const table = (histogram as unknown as { table: Parameters<typeof tableBucketIndex>[0] }).table;
  return { table, overflow, upper, search, formula };
}

const LAYOUTS: LatencyHistogramLayout[] = [
  DEFAULT_HISTOGRAM_LAYOUT,
  { lowestMs: 0.1, highestMs: 1e6, relativeAccuracy: 0.01 },
  { lowestMs: 1e-6, highestMs: 1e3, relativeAccuracy: 0.002 },
  { lowestMs: 1, highestMs: 3.6e6, relativeAccuracy: 0.05 },
];

describe("bucket table", () => {
  for (const layout of LAYOUTS) {
    describe(`layout ${JSON.stringify(layout)}`, () => {
      const { table, overflow, upper, search, formula } = setup(layout);

      it("puts every value within 3 ulps of a bound in the bucket the bounds define", () => {
        let checked = 0;
        for (let i = 2; i < overflow; i++) {
          for (let n = -3; n <= 3; n++) {
            const v = stepUlps(upper[i]!, n);
            if (v <= layout.lowestMs) continue;
            const got = tableBucketIndex(table, v);
            if (got !== search(v)) expect.fail(`value ${v} (bound ${i} ${n >= 0 ? "+" : ""}${n} ulps): table ${got}, bounds ${search(v)}`);
            checked++;
          }
          expect(tableBucketIndex(table, upper[i]!)).toBe(i); // a bound belongs to its own bucket
        }
        expect(checked).toBeGreaterThan(6 * (overflow - 2));
      });

      it("agrees with the bounds over 1,000,000 log-uniform values up to 100 × highestMs, and with the old formula except within 8 ulps of a bound", () => {
        const source = new SampleSource(15);
        const span = dmath.log((100 * layout.highestMs) / layout.lowestMs);
        const seen = new Set<number>();
        for (let n = 0; n < 1_000_000; n++) {
          const v = layout.lowestMs * dmath.exp(span * source.unit());
          if (v <= layout.lowestMs) continue;
          const got = tableBucketIndex(table, v);
          if (got !== search(v)) expect.fail(`value ${v}: table ${got}, bounds ${search(v)}`);
          if (got !== formula(v)) {
            const near = [-8, 8].some((d) => search(stepUlps(v, d)) !== got);
            if (!near) expect.fail(`value ${v}: table ${got}, old formula ${formula(v)}, not near a bound`);
          }
          seen.add(got);
        }
        expect(seen.has(overflow)).toBe(true); // the range reached past the last log bucket
        expect(seen.size).toBeGreaterThan(0.9 * (overflow - 1));
      });
    });
  }
});
