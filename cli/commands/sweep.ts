/**
 * `clustersim sweep <scenario> --grid path=v1,v2,… --out results.jsonl`: runs every point of
 * the grid R times and writes one JSON line per point and replication, in job order (see
 * engine/plan/sweep-plan.ts for the numbering and sharding contract). Every point is validated
 * before any runs. Lines are streamed to a temporary file in order and renamed into place at the
 * end, or to stdout (a pod log); a shard begins with a header line (shard-stream.ts) and can also
 * be uploaded to a URL when it is complete (upload.ts).
 * Exit code 0 when every job ran: SLO verdicts are data in the file, not failures of the sweep
 * (so a Kubernetes Job or CI matrix does not retry a shard for a configuration that fails).
 */
import path from "node:path";
import type { Command } from "../command";
import { CliError, ExitCode, usageError } from "../exit-codes";
import { executeJobs } from "../execute";
import { checkOutputOptions, PendingFile } from "../files";
import { formatMetric, gridPoints, inShard, parseGrid, parseResultPath, resolveShard, sweepId, sweepLine, type GridPoint, type Problem, type SweepRunSummary } from "../../engine";
import { formatColumns } from "../format/text";
import type { RunJob } from "../job";
import { checkScenario, type ScenarioInput } from "../scenario-input";
import { shardHeaderLine } from "../shard-stream";
import { resolveUploadUrl, uploadShard } from "../upload";
import { readRunArgs, runOptions } from "./options";

/** The shared options' wording: no formats; --out writes JSON lines. */
const RUN_OPTIONS = { output: "the JSON lines" };

/** Invalid grid points reported at most (the rest are counted). */
const INVALID_POINTS_SHOWN = 5;

export const sweepCommand: Command = {
  name: "sweep",
  summary: "Run a scenario over a grid of overrides; one JSON line per point and replication.",
  usage: "sweep <scenario> --grid PATH=V1,V2,… [--grid …] [options]",
  details: [
    "Points are the cartesian product of the --grid axes, first axis varying slowest; each point runs",
    "seeds N…N+R-1. Shard i/n (0-based) runs jobs whose number modulo n is i; clustersim merge puts the",
    "shard files back together into exactly the file one unsharded sweep writes. Without --shard, the",
    "shard comes from CLUSTERSIM_SHARD_INDEX (or Kubernetes' JOB_COMPLETION_INDEX) and",
    "CLUSTERSIM_SHARD_COUNT when set. {shard} in --out is replaced by the shard index. A shard's output",
    "begins with a header line naming its sweep, shard and line count, which merge checks.",
    "Exit code 0 when every job ran (SLO verdicts are in the file).",
  ].join("\n"),
  options: {
    grid: { type: "string", short: "g", multiple: true, valueName: "PATH=V1,V2,…", description: "An axis of the grid: a scenario path and its values." },
    replications: { type: "string", short: "r", valueName: "R", description: "Seeds per point, N…N+R-1 (default 1)." },
    shard: { type: "string", valueName: "I/N", description: "Run only shard I of N (0-based), e.g. 2/8." },
    metric: { type: "string", short: "m", multiple: true, valueName: "PATH", description: "Also write the number at this Result path in each line's \"paths\" (e.g. databases.orders-async.writesLost); repeatable." },
    upload: { type: "string", valueName: "URL|@FILE", description: "Also PUT the finished shard to URL (e.g. a presigned URL; @FILE reads it from a file; {shard} is replaced)." },
    ...runOptions(RUN_OPTIONS),
  },
  positionals: { min: 1, max: 1, name: "<scenario>" },
  examples: [
    { command: "clustersim sweep three-tier --grid topology.groups.app.count=4,6,8 --grid workload.rate.constant=1k/s,2k/s -r 5 -o sweep.jsonl", note: "3 x 2 points, 5 seeds each: 30 lines." },
    { command: "clustersim sweep three-tier --grid topology.groups.app.count=4,6,8 --shard 1/3 -o shard-{shard}.jsonl", note: "The second of three shards (run the others anywhere), then:" },
    { command: "clustersim merge shard-*.jsonl -o sweep.jsonl", note: "Combine the shards into the file one machine would have written." },
    { command: "clustersim sweep db-failover --grid services.orders-async.database.failover.fencing=true,false --metric databases.orders-async.writesLost -o fencing.jsonl", note: "Any number in the Result, by path, beside the headline metrics." },
  ],
  async run(args, context) {
    const axes = orUsageError(parseGrid(args.list("grid"))).axes;
    const replications = args.integer("replications", { min: 1, max: 100_000, fallback: 1 });
    const metricPaths = args.list("metric");
    for (const text of metricPaths) {
      const parsed = parseResultPath(text);
      if (!parsed.ok) throw usageError("sweep", `--metric ${text}: ${parsed.message}`);
    }
    const { workers, seed, overrides: baseOverrides, durationHint, quiet, out } = readRunArgs(args, RUN_OPTIONS);
    const shard = orUsageError(resolveShard(args.string("shard"), context.env)).shard;
    checkOutputOptions(context.cwd, { "--out": out?.replaceAll("{shard}", String(shard.index)) });
    const scenarioArg = args.positionals[0];
    const base = checkScenario(scenarioArg, { cwd: context.cwd, packageRoot: context.packageRoot, overrides: baseOverrides, durationHint });
    const seedFirst = seed ?? base.scenario.seed;
    const points = gridPoints(axes);
    const checked = checkPoints(scenarioArg, points, { cwd: context.cwd, packageRoot: context.packageRoot, baseOverrides });
    const total = points.length * replications;
    const id = sweepId({ text: base.input.text, files: base.input.files, overrides: baseOverrides, axes, replications, seedFirst, metricPaths });
    const mine: number[] = [];
    for (let job = 0; job < total; job++) if (inShard(job, shard)) mine.push(job);
    const jobs: RunJob[] = mine.map((job) => ({ input: checked[Math.floor(job / replications)], seed: seedFirst + (job % replications), output: "summary", ...(metricPaths.length > 0 ? { metricPaths } : {}) }));
    const uploadOption = args.string("upload");
    const uploadUrl = uploadOption === undefined ? null : resolveUploadUrl(uploadOption, shard.index, context.cwd);
    const outPath = out === undefined ? null : path.resolve(context.cwd, out.replaceAll("{shard}", String(shard.index)));
    const file = outPath === null ? null : new PendingFile(outPath);
    let uploadText = "";
    const sink = (text: string): void => {
      if (uploadUrl !== null) uploadText += text;
      if (file === null) context.stdout.write(text);
      else file.write(text);
    };
    if (shard.count > 1) sink(`${shardHeaderLine({ sweep: id, shard: shard.index, shards: shard.count, jobs: total, lines: mine.length })}\n`);
    // Jobs finish in any order; lines go out in job order through this reorder buffer.
    const waiting = new Map<number, string>();
    let nextToWrite = 0;
    const summaries: SweepRunSummary[] = new Array(mine.length);
    const shardText = shard.count > 1 ? ` (shard ${shard.index}/${shard.count}: ${mine.length} of ${total} jobs)` : "";
    const label = `${base.input.displayName}: ${points.length} points x ${replications} seeds${shardText}`;
    await executeJobs(jobs, {
      workers, label, jobNoun: "runs", quiet,
      onOutput(index, output) {
        if (output.kind !== "summary") return;
        summaries[index] = output.summary;
        const job = mine[index];
        waiting.set(index, `${sweepLine({ sweep: id, job, jobs: total, point: points[Math.floor(job / replications)], replication: job % replications, summary: output.summary })}\n`);
        while (waiting.has(nextToWrite)) {
          sink(waiting.get(nextToWrite)!);
          waiting.delete(nextToWrite++);
        }
      },
    }, context);
    const pathProblems = [...new Set(summaries.flatMap((summary) => summary?.pathProblems ?? []))];
    for (const problem of pathProblems) context.stderr.write(`clustersim: warning: --metric ${problem} (written as null)\n`);
    if (file !== null) {
      file.commit();
      context.stdout.write(pointTable(points, mine, summaries, replications));
      if (!quiet) context.stderr.write(`wrote ${mine.length} lines to ${path.relative(context.cwd, outPath!) || outPath}\n`);
    }
    if (uploadUrl !== null) {
      await uploadShard(uploadUrl, uploadText, { signal: context.signal });
      if (!quiet) context.stderr.write(`uploaded ${mine.length} lines to ${new URL(uploadUrl).host}\n`);
    }
    return ExitCode.ok;
  },
};

/**
 * The parsed value of a `--grid` or `--shard` reading.
 * @throws CliError (exit 2) with a line per problem, for bad arguments.
 */
function orUsageError<T extends { ok: true }>(outcome: T | { ok: false; problems: Problem[] }): T {
  if (outcome.ok) return outcome as T;
  throw new CliError(outcome.problems.flatMap((problem) => usageError("sweep", `${problem.path}: ${problem.message}`).lines), ExitCode.usage);
}

/**
 * Checks the scenario at every grid point before anything runs; keeps only the inputs (the
 * jobs compile their own, on their worker threads).
 * @throws CliError (exit 2) listing the first invalid points' problems.
 */
function checkPoints(scenarioArg: string, points: readonly GridPoint[], options: { cwd: string; packageRoot: string; baseOverrides: readonly string[] }): ScenarioInput[] {
  const checked: ScenarioInput[] = [];
  const lines: string[] = [];
  let invalid = 0;
  for (const point of points) {
    try {
      checked.push(checkScenario(scenarioArg, { cwd: options.cwd, packageRoot: options.packageRoot, overrides: [...options.baseOverrides, ...point.overrides] }).input);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      invalid += 1;
      if (invalid <= INVALID_POINTS_SHOWN) lines.push(`grid point ${point.index} (${point.overrides.join(" ")}):`, ...error.lines.map((line) => `  ${line}`));
    }
  }
  if (invalid > INVALID_POINTS_SHOWN) lines.push(`… and ${invalid - INVALID_POINTS_SHOWN} more invalid points`);
  if (invalid > 0) throw new CliError([...lines, `${invalid} of ${points.length} grid points invalid; nothing ran`], ExitCode.usage);
  return checked;
}

/** A per-point summary for the terminal: the point's values, mean p99 and success, SLO passes. */
function pointTable(points: readonly GridPoint[], mine: readonly number[], summaries: readonly SweepRunSummary[], replications: number): string {
  const byPoint = new Map<number, SweepRunSummary[]>();
  mine.forEach((job, i) => {
    const point = Math.floor(job / replications);
    byPoint.set(point, [...(byPoint.get(point) ?? []), summaries[i]]);
  });
  const paths = Object.keys(points[0]?.set ?? {});
  const rows = [["point", ...paths, "runs", "p99 (mean)", "success (mean)", "SLOs met"]];
  const mean = (values: Array<number | null>): number | null => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
  };
  for (const [point, list] of byPoint) {
    rows.push([
      String(point),
      ...paths.map((p) => points[point].set[p]),
      String(list.length),
      formatMetric(mean(list.map((s) => s.metrics.latencyP99Ms)), "ms"),
      formatMetric(mean(list.map((s) => s.metrics.successRate)), "percent"),
      `${list.filter((s) => s.slosPassed).length}/${list.length}`,
    ]);
  }
  return formatColumns(rows);
}
