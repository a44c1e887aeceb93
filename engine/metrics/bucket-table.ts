/**
 * Bucket lookup for LatencyHistogram without a logarithm per value.
 *
 * A histogram's log bucket k holds the values in (lowest * gamma^k, lowest * gamma^(k+1)]. The
 * bounds are the doubles `upperBoundMs` reports (dmath.exp of the bound's logarithm, built once
 * per layout), and a value's bucket is the first whose upper bound is >= the value, so a bucket
 * holds exactly the values between its reported bounds (Prometheus `le` regrouping relies on
 * that). Finding it by search would cost a loop per value; instead the table splits the
 * positive doubles into "cells" sharing their top 20 bits (sign, exponent and 8 fraction bits:
 * a relative width of at most 2^-8, narrower than any bucket of a layout with relativeAccuracy
 * >= 0.002) and keeps, per cell, the bucket of the cell's smallest value above lowestMs. A
 * value's bucket is then its cell's entry, moved up past any bound inside the cell that the
 * value exceeds: one word read, one table read and one or two comparisons.
 *
 * Before this table the bucket was computed as ceil((log v - log lowest) / log gamma) - 1, which
 * agrees with the bounds except for values within a few ulps of a bound (both sides round);
 * the test checks that, and that the lookup equals a plain search of the bounds everywhere.
 */
import { dmath } from "../core/det-math";
import { HI } from "../core/det-math/words";

/** Index of the first log bucket (0 is the zero bucket, 1 underflow). */
const FIRST_LOG = 2;
/** Most cells a table may have (4 bytes each); wider layouts search the bounds instead. */
const CELLS_MAX = 1 << 18;

/** Scratch for reading the high word of a value (its own buffer: no sharing with det-math). */
const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);

/** The bucket bounds of one layout and the cell index over them. Read-only once built. */
export interface BucketTable {
  /** upper[i]: the largest value bucket i holds, for log buckets; Infinity for overflow. */
  readonly upper: Float64Array;
  /** High word >> 12 of the cell holding lowestMs (the first cell). */
  readonly cellBase: number;
  /** Cells covered; values in later cells are in the overflow bucket. */
  readonly cellCount: number;
  /** Per cell: the bucket of its smallest value above lowestMs. */
  readonly cellFirst: Int32Array;
}

/** Tables by layout; layouts are few per process. */
const tables = new Map<string, BucketTable>();

/**
 * The table of the layout (lowestMs, relativeAccuracy) with `bucketsLog` log buckets, whose
 * bound logarithms are logLowest + (k + 1) * logGamma; built on first use and shared.
 */
export function bucketTableFor(lowestMs: number, relativeAccuracy: number, bucketsLog: number, logLowest: number, logGamma: number): BucketTable {
  const key = `${lowestMs}/${relativeAccuracy}/${bucketsLog}`;
  let table = tables.get(key);
  if (table === undefined) {
    table = buildTable(lowestMs, bucketsLog, logLowest, logGamma);
    tables.set(key, table);
  }
  return table;
}

function highWord(v: number): number {
  F64[0] = v;
  return I32[HI]!;
}

function buildTable(lowestMs: number, bucketsLog: number, logLowest: number, logGamma: number): BucketTable {
  const overflow = FIRST_LOG + bucketsLog;
  const upper = new Float64Array(overflow + 1);
  upper[0] = 0;
  upper[1] = lowestMs;
  for (let i = FIRST_LOG; i < overflow; i++) upper[i] = dmath.exp(logLowest + (i - FIRST_LOG + 1) * logGamma);
  upper[overflow] = Infinity;
  const cellBase = highWord(lowestMs) >> 12;
  const cellEnd = highWord(upper[overflow - 1]!) >> 12; // the last cell holding a log bucket's value
  const cellCount = Math.min(cellEnd - cellBase + 1, CELLS_MAX);
  const cellFirst = new Int32Array(cellCount);
  let bucket = FIRST_LOG;
  for (let c = 0; c < cellCount; c++) {
    I32[HI] = (cellBase + c) << 12;
    I32[1 - HI] = 0;
    const start = F64[0]!; // the cell's smallest value; the first cell's values <= lowestMs never get here
    while (start > upper[bucket]!) bucket++;
    cellFirst[c] = bucket;
  }
  return { upper, cellBase, cellCount, cellFirst };
}

/** The cell number of a positive value: the top 20 bits of its double (before subtracting cellBase). */
export function highWordCell(valueMs: number): number {
  F64[0] = valueMs;
  return I32[HI]! >> 12;
}

/**
 * The bucket of a value v > lowestMs: the first bucket whose upper bound is >= v. Small enough
 * for the optimiser to inline into `record`.
 */
export function tableBucketIndex(table: BucketTable, valueMs: number): number {
  F64[0] = valueMs;
  const upper = table.upper;
  const cell = (I32[HI]! >> 12) - table.cellBase;
  let index = cell < table.cellCount ? table.cellFirst[cell]! : table.cellFirst[table.cellCount - 1]!;
  while (valueMs > upper[index]!) index++;
  return index;
}
