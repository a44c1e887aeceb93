/**
 * The plan of a sweep: the cartesian grid of `--grid path=v1,v2,…` axes, times R replications,
 * numbered as jobs, and which of them a shard runs.
 *
 * Numbering is the contract that makes sharding exact: points are numbered with the first
 * `--grid` axis varying slowest (like nested loops in the order written), and job
 * `point * R + replication` runs seed `seedFirst + replication` (every point sees the same
 * seeds: common random numbers, so differences between points are not noise between seeds).
 * Shard i of n runs the jobs with `job % n == i` (round robin, so expensive points spread
 * evenly). Each output line carries its job number and the sweep's identity, so `merge` can put
 * shards back in order and refuse to mix sweeps; a line's bytes depend only on its job, never
 * on the shard or worker that ran it.
 */
import { digestString, ENGINE_VERSION } from "../engine";
import { usageError } from "./exit-codes";
import type { RunSummary } from "./headline";

/** One `--grid` axis: a scenario path and the override values to try. */
export interface GridAxis {
  path: string;
  values: string[];
}

/** One grid point: the overrides it applies, as `path=value` and as a path -> value record. */
export interface GridPoint {
  index: number;
  overrides: string[];
  set: Record<string, string>;
}

/** Which part of the jobs this process runs. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Splits `a,b,[c,d],{x: 1, y: 2},"e,f"` on the commas outside brackets, braces and quotes, so
 * list and object values survive.
 */
export function splitGridValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === "\\") i += 1;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth += 1;
    else if (c === "]" || c === "}") depth -= 1;
    else if (c === "," && depth === 0) {
      values.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  values.push(text.slice(start).trim());
  return values;
}

/**
 * Reads `--grid` arguments.
 * @throws CliError (exit 2) for a missing `=`, an empty value or a path given twice.
 */
export function parseGrid(texts: readonly string[]): GridAxis[] {
  const axes: GridAxis[] = [];
  for (const text of texts) {
    const equals = text.indexOf("=");
    if (equals <= 0) throw usageError("sweep", `--grid needs path=v1,v2,…, got ${JSON.stringify(text)}`);
    const path = text.slice(0, equals).trim();
    const values = splitGridValues(text.slice(equals + 1));
    if (values.some((value) => value === "")) throw usageError("sweep", `--grid ${path}: empty value in ${JSON.stringify(text.slice(equals + 1))}`);
    if (axes.some((axis) => axis.path === path)) throw usageError("sweep", `--grid ${path} is given twice; list all its values in one --grid`);
    axes.push({ path, values });
  }
  return axes;
}

/** The grid's points in order, first axis slowest. No axes: one point with no overrides. */
export function gridPoints(axes: readonly GridAxis[]): GridPoint[] {
  let combos: string[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((combo) => axis.values.map((value) => [...combo, value]));
  return combos.map((values, index) => {
    const set: Record<string, string> = {};
    axes.forEach((axis, i) => (set[axis.path] = values[i]));
    return { index, overrides: axes.map((axis, i) => `${axis.path}=${values[i]}`), set };
  });
}

/**
 * The shard from `--shard i/n`, else from the environment (`CLUSTERSIM_SHARD_INDEX` or
 * Kubernetes' `JOB_COMPLETION_INDEX`, with `CLUSTERSIM_SHARD_COUNT`), else the whole sweep.
 * @throws CliError (exit 2) for malformed or inconsistent values.
 */
export function resolveShard(option: string | undefined, env: Readonly<Record<string, string | undefined>>): Shard {
  if (option !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(option.trim());
    if (match === null) throw usageError("sweep", `--shard must be i/n with 0 ≤ i < n (e.g. 0/3), got ${JSON.stringify(option)}`);
    return checkShard(Number(match[1]), Number(match[2]), `--shard ${option}`);
  }
  const indexText = env.CLUSTERSIM_SHARD_INDEX ?? env.JOB_COMPLETION_INDEX;
  const countText = env.CLUSTERSIM_SHARD_COUNT;
  if (indexText === undefined && countText === undefined) return { index: 0, count: 1 };
  const indexName = env.CLUSTERSIM_SHARD_INDEX !== undefined ? "CLUSTERSIM_SHARD_INDEX" : "JOB_COMPLETION_INDEX";
  if (countText === undefined) throw usageError("sweep", `${indexName}=${indexText} is set but CLUSTERSIM_SHARD_COUNT is not; set it to the number of shards (the Job's completions)`);
  if (indexText === undefined) throw usageError("sweep", `CLUSTERSIM_SHARD_COUNT=${countText} is set but neither CLUSTERSIM_SHARD_INDEX nor JOB_COMPLETION_INDEX is`);
  if (!/^\d+$/.test(indexText) || !/^\d+$/.test(countText)) throw usageError("sweep", `${indexName} and CLUSTERSIM_SHARD_COUNT must be whole numbers, got ${JSON.stringify(indexText)} and ${JSON.stringify(countText)}`);
  return checkShard(Number(indexText), Number(countText), `${indexName}=${indexText}, CLUSTERSIM_SHARD_COUNT=${countText}`);
}

function checkShard(index: number, count: number, source: string): Shard {
  if (!(count >= 1 && index < count)) throw usageError("sweep", `${source}: need a shard count ≥ 1 and 0 ≤ index < count`);
  return { index, count };
}

/** Whether job `job` belongs to `shard`. */
export function inShard(job: number, shard: Shard): boolean {
  return job % shard.count === shard.index;
}

/**
 * The sweep's identity: a digest of everything that determines its output (scenario text,
 * data files, base overrides, grid, replications, first seed, engine version).
 */
export function sweepId(parts: { text: string; files: Record<string, string>; overrides: readonly string[]; axes: readonly GridAxis[]; replications: number; seedFirst: number }): string {
  const fileDigests = Object.keys(parts.files).sort().map((name) => [name, digestString(parts.files[name])]);
  return digestString(JSON.stringify([ENGINE_VERSION, digestString(parts.text), fileDigests, parts.overrides, parts.axes, parts.replications, parts.seedFirst])).slice(0, 16);
}

/** One line of a sweep file (without the newline). */
export function sweepLine(parts: { sweep: string; job: number; jobs: number; point: GridPoint; replication: number; summary: RunSummary }): string {
  const { summary } = parts;
  return JSON.stringify({
    sweep: parts.sweep,
    job: parts.job,
    jobs: parts.jobs,
    point: parts.point.index,
    replication: parts.replication,
    seed: summary.seed,
    set: parts.point.set,
    events: summary.events,
    digest: summary.digest,
    metrics: summary.metrics,
    slos: summary.slos,
    slosPassed: summary.slosPassed,
  });
}

/** The fields merge and compare read back from a sweep line. */
export interface SweepLine {
  sweep: string;
  job: number;
  jobs: number;
  point: number;
  replication: number;
  seed: number;
  set: Record<string, string>;
  metrics: Record<string, number | null>;
  slos: RunSummary["slos"];
  slosPassed: boolean;
}
