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
 * on the shard or worker that ran it: a line holds the run's {@link SweepRunSummary}, its
 * headline metrics (engine/result/headline-metrics.ts) and SLO verdicts.
 *
 * Bad `--grid` or `--shard` input comes back as problems (`{path, message}`), never thrown.
 */
import { digestString } from "../core/hash";
import type { Problem } from "../input/problems";
import { HEADLINE_METRICS } from "../result/headline-metrics";
import { parseResultPath, readResultNumber } from "../result/result-path";
import type { Result } from "../result/result";
import { ENGINE_VERSION, resultDigest } from "../simulate";

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
 * Reads `--grid` arguments: the axes, or every problem (a missing `=`, an empty value, a path
 * given twice), each at `--grid` or `--grid <path>`.
 */
export function parseGrid(texts: readonly string[]): { ok: true; axes: GridAxis[] } | { ok: false; problems: Problem[] } {
  const axes: GridAxis[] = [];
  const problems: Problem[] = [];
  for (const text of texts) {
    const equals = text.indexOf("=");
    if (equals <= 0) {
      problems.push({ path: "--grid", message: `expected path=v1,v2,…, got ${JSON.stringify(text)}` });
      continue;
    }
    const path = text.slice(0, equals).trim();
    const values = splitGridValues(text.slice(equals + 1));
    if (values.some((value) => value === "")) problems.push({ path: `--grid ${path}`, message: `empty value in ${JSON.stringify(text.slice(equals + 1))}` });
    else if (axes.some((axis) => axis.path === path)) problems.push({ path: `--grid ${path}`, message: "given twice; list all its values in one --grid" });
    else axes.push({ path, values });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, axes };
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

/** A shard, or the problem with how it was given. */
export type ShardOutcome = { ok: true; shard: Shard } | { ok: false; problems: Problem[] };

/**
 * The shard from `--shard i/n`, else from the environment (`CLUSTERSIM_SHARD_INDEX` or
 * Kubernetes' `JOB_COMPLETION_INDEX`, with `CLUSTERSIM_SHARD_COUNT`), else the whole sweep; a
 * problem for malformed or inconsistent values (its path names the option or the variables).
 */
export function resolveShard(option: string | undefined, env: Readonly<Record<string, string | undefined>>): ShardOutcome {
  if (option !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(option.trim());
    if (match === null) return shardProblem("--shard", `expected i/n with 0 ≤ i < n (e.g. 0/3), got ${JSON.stringify(option)}`);
    return checkShard(Number(match[1]), Number(match[2]), `--shard ${option}`);
  }
  const indexText = env.CLUSTERSIM_SHARD_INDEX ?? env.JOB_COMPLETION_INDEX;
  const countText = env.CLUSTERSIM_SHARD_COUNT;
  if (indexText === undefined && countText === undefined) return { ok: true, shard: { index: 0, count: 1 } };
  const indexName = env.CLUSTERSIM_SHARD_INDEX !== undefined ? "CLUSTERSIM_SHARD_INDEX" : "JOB_COMPLETION_INDEX";
  if (countText === undefined) return shardProblem(`${indexName}=${indexText}`, "is set but CLUSTERSIM_SHARD_COUNT is not; set it to the number of shards (the Job's completions)");
  if (indexText === undefined) return shardProblem(`CLUSTERSIM_SHARD_COUNT=${countText}`, "is set but neither CLUSTERSIM_SHARD_INDEX nor JOB_COMPLETION_INDEX is");
  if (!/^\d+$/.test(indexText) || !/^\d+$/.test(countText)) return shardProblem(`${indexName}, CLUSTERSIM_SHARD_COUNT`, `expected whole numbers, got ${JSON.stringify(indexText)} and ${JSON.stringify(countText)}`);
  return checkShard(Number(indexText), Number(countText), `${indexName}=${indexText}, CLUSTERSIM_SHARD_COUNT=${countText}`);
}

function checkShard(index: number, count: number, source: string): ShardOutcome {
  if (!(count >= 1 && index < count)) return shardProblem(source, "need a shard count ≥ 1 and 0 ≤ index < count");
  return { ok: true, shard: { index, count } };
}

function shardProblem(path: string, message: string): ShardOutcome {
  return { ok: false, problems: [{ path, message }] };
}

/** Whether job `job` belongs to `shard`. */
export function inShard(job: number, shard: Shard): boolean {
  return job % shard.count === shard.index;
}

/**
 * The sweep's identity: a digest of everything that determines its output (scenario text,
 * data files, base overrides, grid, replications, first seed, engine version, `--metric` paths).
 */
export function sweepId(parts: { text: string; files: Record<string, string>; overrides: readonly string[]; axes: readonly GridAxis[]; replications: number; seedFirst: number; metricPaths?: readonly string[] }): string {
  const fileDigests = Object.keys(parts.files).sort().map((name) => [name, digestString(parts.files[name])]);
  // `--metric` paths change the lines, so they join the identity (only when given: ids of sweeps without them stay put).
  const paths = parts.metricPaths === undefined || parts.metricPaths.length === 0 ? [] : [parts.metricPaths];
  return digestString(JSON.stringify([ENGINE_VERSION, digestString(parts.text), fileDigests, parts.overrides, parts.axes, parts.replications, parts.seedFirst, ...paths])).slice(0, 16);
}

/** A Result boiled down to one sweep line's payload: its headline metrics and SLO verdicts. */
export interface SweepRunSummary {
  seed: number;
  events: number;
  /** The full Result's digest (resultDigest): equal digests mean byte-identical Results. */
  digest: string;
  /** Each headline metric by key, in catalogue order; null when the run has no value. */
  metrics: Record<string, number | null>;
  slos: Array<{ name: string; passed: boolean; measured: number | null }>;
  slosPassed: boolean;
  /** `sweep --metric PATH`: the number at each path, by path as written (null: no value or no such path); absent without --metric. */
  paths?: Record<string, number | null>;
  /** Paths that led nowhere in this Result, with why (not written to the line). */
  pathProblems?: string[];
}

/**
 * The {@link SweepRunSummary} of a Result (the planner's own summary is run-summary.ts's), with
 * the number at each of `metricPaths` (checked by parseResultPath) when there are any.
 */
export function sweepSummary(result: Result, metricPaths: readonly string[] = []): SweepRunSummary {
  const metrics: Record<string, number | null> = {};
  for (const metric of HEADLINE_METRICS) metrics[metric.key] = metric.get(result);
  const summary: SweepRunSummary = {
    seed: result.seed,
    events: result.events,
    digest: resultDigest(result),
    metrics,
    slos: result.slos.map((slo) => ({ name: slo.name, passed: slo.passed, measured: slo.measured })),
    slosPassed: result.slosPassed,
  };
  if (metricPaths.length === 0) return summary;
  const paths: Record<string, number | null> = {};
  const problems: string[] = [];
  for (const text of metricPaths) {
    const parsed = parseResultPath(text);
    const read = parsed.ok ? readResultNumber(result, parsed.path) : { ok: false as const, message: `${text}: ${parsed.message}` };
    paths[text] = read.ok ? read.value : null;
    if (!read.ok) problems.push(read.message);
  }
  return { ...summary, paths, ...(problems.length > 0 ? { pathProblems: problems } : {}) };
}

/** One line of a sweep file (without the newline). */
export function sweepLine(parts: { sweep: string; job: number; jobs: number; point: GridPoint; replication: number; summary: SweepRunSummary }): string {
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
    ...(summary.paths === undefined ? {} : { paths: summary.paths }),
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
  /** With `sweep --metric`: the number at each path. */
  paths?: Record<string, number | null>;
  slos: SweepRunSummary["slos"];
  slosPassed: boolean;
}
