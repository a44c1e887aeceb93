/**
 * `clustersim plan <scenario> --vary PATH=MIN..MAX`: the cheapest configuration in range that
 * meets every SLO in every failure case, with stated confidence (engine/plan). The planner
 * decides what to run; this command runs each batch of its runs on worker threads kept for the
 * whole plan (worker-pool.ts, speaking cli/worker.ts's protocol), prints the plan as a table or JSON, and writes an HTML report on request.
 * Exit code 0 when a configuration in range passes, 1 when none does (the closest one and the
 * SLO it fails are on stderr), 2 for bad input.
 */
import path from "node:path";
import { formatProblem, parseScenarioText, plan, validateScenario, type EvaluateRuns, type PlanReport, type RunSummary } from "../../engine";
import type { Command, CommandContext } from "../command";
import { CliError, ExitCode, usageError } from "../exit-codes";
import { checkOutputOptions, writeFilesAtomically } from "../files";
import { closestLine, formatPlanTable } from "../format/plan-table";
import type { JobOutput, RunJob } from "../job";
import { JobFailedError, runInline } from "../runner";
import { WorkerPool } from "../worker-pool";
import { checkScenario, type CheckedScenario } from "../scenario-input";
import { readRunArgs, runOptions } from "./options";

/** The shared options' wording: two output formats. */
const RUN_OPTIONS = { formats: { names: ["table", "json"], json: "the full plan" } };

export const planCommand: Command = {
  name: "plan",
  summary: "Find the cheapest configuration that meets every SLO, with confidence; exit 1 if none in range does.",
  usage: "plan <scenario> --vary PATH=MIN..MAX [--vary …] [options]",
  details: [
    "Each --vary names a scenario field and its candidate values, smallest capacity first:",
    "  PATH=MIN..MAX            every integer (or MIN, MIN+1, … for decimals) from MIN to MAX",
    "  PATH=MIN..MAX step K     every K-th value, e.g. topology.groups.db.count=3..9 step 2",
    "  PATH=A,B,C               a list, in order of increasing capacity",
    "  PATH=A@PRICE,B@PRICE     node types: each value also sets the group's price, e.g.",
    "                           topology.groups.web.cores=2@0.096/h,4@0.192/h,8@0.384/h",
    "One variable is searched by galloping then bisection from an Erlang C first guess; several by",
    "cost order (provisioned cost: nodes x price per hour). Replication i of every candidate uses",
    "seed N+i (common random numbers); a candidate passes when the confidence interval of every SLO,",
    "over its replications, clears the threshold in every failure case. --survive zone-loss adds one",
    "case per zone (its nodes removed), node-loss one per group (one node removed).",
    "Exit code 0 when a configuration in range passes, 1 when none does, 2 for bad input.",
  ].join("\n"),
  options: {
    vary: { type: "string", short: "v", multiple: true, valueName: "PATH=RANGE", description: "A decision variable and its values (see above)." },
    survive: { type: "string", multiple: true, valueName: "CASE", description: "Also survive zone-loss and/or node-loss (comma-separated or repeated)." },
    confidence: { type: "string", short: "c", valueName: "LEVEL", description: "Confidence level of every interval (default 0.95)." },
    "replications-min": { type: "string", valueName: "R", description: "Replications per candidate and case before a verdict (default 3)." },
    "replications-max": { type: "string", short: "r", valueName: "R", description: "Most replications per candidate and case (default 10)." },
    "no-headroom": { type: "boolean", description: "Skip measuring the traffic growth the recommendation absorbs." },
    report: { type: "string", valueName: "FILE", description: "Also write an HTML report: size versus SLO with confidence bands." },
    ...runOptions(RUN_OPTIONS),
  },
  positionals: { min: 1, max: 1, name: "<scenario>" },
  examples: [
    { command: "clustersim plan three-tier --vary topology.groups.app.count=2..64", note: "The fewest app nodes that meet the SLOs, with the evidence." },
    { command: "clustersim plan black-friday --vary topology.groups.web.count=4..128 --survive zone-loss --report plan.html", note: "Size the web tier to survive losing any one zone at the peak; chart the curve." },
    { command: "clustersim plan three-tier --vary topology.groups.app.count=2..32 --vary \"topology.groups.db.count=3..9 step 2\" -r 6", note: "Two variables: the cheapest combination, and the cost-SLO frontier." },
  ],
  async run(args, context) {
    const { format, workers, seed, overrides, durationHint, quiet, out } = readRunArgs(args, RUN_OPTIONS);
    const variables = args.list("vary");
    if (variables.length === 0) throw usageError("plan", "give at least one --vary PATH=MIN..MAX, e.g. --vary topology.groups.web.count=2..64");
    checkOutputOptions(context.cwd, { "--out": args.string("out"), "--report": args.string("report") });
    const checked = checkScenario(args.positionals[0]!, { cwd: context.cwd, packageRoot: context.packageRoot, overrides, durationHint });
    const runner = poolEvaluator(checked, { workers, context });
    const outcome = await plan.planCapacity(
      {
        text: checked.input.text, fileName: checked.input.displayName, files: checked.input.files, overrides, variables,
        survive: args.list("survive").flatMap((s) => s.split(",").map((k) => k.trim()).filter((k) => k !== "")),
        ...numberOption(args.string("confidence"), "confidence"),
        ...integerOption(args.integer("replications-min", { min: 2, max: 10_000, fallback: -1 }), "replicationsMin"),
        ...integerOption(args.integer("replications-max", { min: 2, max: 10_000, fallback: -1 }), "replicationsMax"),
        ...(seed === undefined ? {} : { seed }),
        ...(args.flag("no-headroom") ? { headroom: false as const } : {}),
        onProgress: (p) => { if (!quiet) context.stderr.write(`clustersim plan: ${p.phase === "headroom" ? "headroom: " : ""}${p.label}: ${p.verdict} (${p.runs} runs so far)\n`); },
      },
      runner.evaluate,
    ).catch((error: unknown) => {
      if (!(error instanceof JobFailedError)) throw error;
      const detail = error.detail === "" || context.debug !== true ? [] : [error.detail];
      throw new CliError([`clustersim: internal error with seed ${error.seed}: ${error.message}`, ...detail], ExitCode.internal);
    }).finally(() => runner.close());
    if (!outcome.ok) throw new CliError(outcome.problems.map((problem) => formatProblem(problem, { fileName: checked.input.displayName })), ExitCode.usage);
    if (!quiet && runner.runsForked() > 0) context.stderr.write(`clustersim plan: ${forkedLine(runner.runsForked(), outcome.report.runs)}\n`);
    return writePlan(outcome.report, { format, args: { out, report: args.string("report") }, checked, context });
  },
};

/** `{ [key]: value }` for a number option given as text, or nothing when absent. */
function numberOption(text: string | undefined, key: "confidence"): { confidence?: number } {
  if (text === undefined) return {};
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw usageError("plan", `--${key} must be a number between 0 and 1, e.g. 0.95, got ${JSON.stringify(text)}`);
  return { [key]: value };
}

/** `{ [key]: value }` for an integer option, or nothing when it was absent (fallback -1). */
function integerOption<K extends string>(value: number, key: K): Partial<Record<K, number>> {
  return value < 0 ? {} : ({ [key]: value } as Partial<Record<K, number>>);
}

/**
 * Runs each batch of planner runs: on the main thread with one worker (no start-up cost), else
 * on a {@link WorkerPool} kept for the whole plan (a plan is many small batches). Each
 * request's overrides are validated here into the scenario object the runner compiles.
 */
function poolEvaluator(checked: CheckedScenario, options: { workers: number; context: CommandContext }): { evaluate: EvaluateRuns; runsForked: () => number; close: () => Promise<void> } {
  const parsed = parseScenarioText(checked.input.text, { fileName: checked.input.displayName });
  if (!parsed.ok) throw new Error("internal error: the checked scenario no longer parses");
  const { signal } = options.context;
  let forked = 0;
  const pool = options.workers > 1 ? new WorkerPool({ size: options.workers, workerUrl: new URL("./worker.mjs", import.meta.url), signal }) : null;
  const evaluate: EvaluateRuns = async (requests) => {
    const jobs: RunJob[] = requests.map((request) => {
      const validated = validateScenario(parsed.data, { overrides: request.overrides });
      if (!validated.ok) throw new Error(`internal error: a planned run is invalid: ${validated.problems.map((p) => formatProblem(p)).join("; ")}`);
      const affinity = plan.sharedPrefixKey(validated.scenario, checked.input.files, request.seed);
      return { input: { ...checked.input, scenario: validated.scenario, overrides: [] }, seed: request.seed, output: "plan", ...(affinity === null ? {} : { affinity }) };
    });
    const outputs: JobOutput[] = [];
    if (pool === null) for (const job of jobs) outputs.push(await runInline(job, { signal, onProgress: () => {} }));
    else outputs.push(...(await pool.run(jobs)));
    return outputs.map((output): RunSummary => {
      if (output.kind !== "plan") throw new Error(`internal error: a planner run returned ${output.kind}`);
      if (output.forked) forked++;
      return output.summary;
    });
  };
  return { evaluate, runsForked: () => forked, close: async () => pool?.close() };
}

/**
 * How many of the plan's runs went on from a shared run before their crash. On stderr, not in
 * the plan: it depends on how runs met workers (`-w`), and changes no number of the plan.
 */
export function forkedLine(forked: number, runs: number): string {
  return `${forked} of the ${runs} runs went on from a shared run before the crash (same results as from time 0)`;
}

/** Prints or writes the plan (and the report) and returns the exit code. */
async function writePlan(report: PlanReport, options: { format: string; args: { out: string | undefined; report: string | undefined }; checked: CheckedScenario; context: CommandContext }): Promise<number> {
  const { context, checked } = options;
  const text = options.format === "json" ? `${JSON.stringify(report)}\n` : formatPlanTable(report, { scenarioFile: checked.input.displayName });
  const files: Array<{ path: string; text: string }> = [];
  if (options.args.out !== undefined) files.push({ path: options.args.out, text });
  if (options.args.report !== undefined) {
    // Loaded on demand: d3 and the report code cost start-up time that most runs don't need.
    const { formatPlanHtml } = await import("../report/plan-html");
    files.push({ path: options.args.report, text: formatPlanHtml(report, { scenarioFile: checked.input.displayName }) });
  }
  writeFilesAtomically(files.map((file) => ({ path: path.resolve(context.cwd, file.path), text: file.text })));
  if (options.args.out === undefined) context.stdout.write(text);
  if (report.feasible) return ExitCode.ok;
  context.stderr.write(`clustersim plan: ${closestLine(report)}\n`);
  return ExitCode.sloFailed;
}
