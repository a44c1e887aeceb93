/**
 * Per-pixel decimation that keeps spikes.
 *
 * A chart `pixels` wide cannot show more than a few points per pixel column, and drawing
 * 100k points per redraw would stall the page. Averaging would hide exactly what a capacity
 * chart is for (the one window where p99 hit 2 s), so each pixel column keeps its first,
 * minimum, maximum and last point, in x order (the "M4" aggregation: Jugel et al., "M4: A
 * Visualization-Oriented Time Series Data Aggregation", VLDB 2014). The polyline through the
 * kept points covers the same pixels as the full one. NaN values are gaps: a gap inside a
 * column is kept as one NaN point, so the drawn line breaks there too.
 */

/** Decimated points, in x order. */
export interface DecimatedPoints {
  x: number[];
  y: number[];
}

/**
 * Keeps at most four points per pixel column of the domain [x0, x1] (plus one point on each
 * side of the domain, so lines run to the edges). `x` must be ascending.
 */
export function decimateMinMax(x: ArrayLike<number>, y: ArrayLike<number>, options: { x0: number; x1: number; pixels: number }): DecimatedPoints {
  const out: DecimatedPoints = { x: [], y: [] };
  const n = Math.min(x.length, y.length);
  if (n === 0) return out;
  const { x0, x1 } = options;
  const pixels = Math.max(1, Math.floor(options.pixels));
  const span = x1 - x0;
  let first = lowerBound(x, x0, n);
  let last = upperBound(x, x1, n) - 1;
  if (first > 0) first--; // one point before the domain
  if (last < n - 1) last++; // and one after
  if (last - first + 1 <= pixels * 4 || !(span > 0)) {
    for (let i = first; i <= last; i++) push(out, x[i]!, y[i]!);
    return out;
  }
  let column = -Infinity;
  let iFirst = -1, iMin = -1, iMax = -1, iLast = -1;
  const flush = () => {
    if (iFirst < 0) return;
    const keep = [iFirst, iMin, iMax, iLast].sort((a, b) => a - b);
    let previous = -1;
    for (const i of keep) if (i !== previous) { push(out, x[i]!, y[i]!); previous = i; }
  };
  for (let i = first; i <= last; i++) {
    const xi = x[i]!;
    const c = Math.min(pixels - 1, Math.max(-1, Math.floor(((xi - x0) / span) * pixels)));
    const bucket = xi < x0 ? -1 : xi > x1 ? pixels : c;
    if (bucket !== column) {
      flush();
      column = bucket;
      iFirst = iMin = iMax = iLast = -1;
    }
    const yi = y[i]!;
    if (Number.isNaN(yi)) {
      // A gap ends the column's current run: emit what came before, then the gap.
      flush();
      iFirst = iMin = iMax = iLast = -1;
      push(out, NaN, NaN);
      continue;
    }
    if (iFirst < 0) { iFirst = iMin = iMax = i; }
    if (yi < y[iMin]!) iMin = i;
    if (yi > y[iMax]!) iMax = i;
    iLast = i;
  }
  flush();
  return out;
}

function push(out: DecimatedPoints, x: number, y: number): void {
  // Never two gap markers in a row, never a gap first.
  if (Number.isNaN(y) && (out.y.length === 0 || Number.isNaN(out.y[out.y.length - 1]!))) return;
  out.x.push(x);
  out.y.push(y);
}

/** First index with x[i] >= value. */
function lowerBound(x: ArrayLike<number>, value: number, n: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with x[i] > value. */
function upperBound(x: ArrayLike<number>, value: number, n: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
