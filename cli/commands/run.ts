/**
 * `clustersim run <scenario>`: one run, or R replications over consecutive seeds, printed as a
 * table, JSON or CSV, with an optional HTML report and JUnit file. Exit code 0 when every SLO
 * passes, 1 when one fails.
 */
import path from "node:path";
import { ExitCode, usageError } from "../exit-codes";
import type { Command } from "../command";
import { defaultWorkers, executeJobs } from "../execute";
import { writeFilesAtomically } from "../files";
import { formatResultsCsv } from "../format/csv";
import { formatJunit } from "../format/junit";
import { formatReplicationTable, formatResultTable } from "../format/table";
import { parseResult, type RunJob } from "../job";
import { buildReplicationSet } from "../replications";
import { checkScenarioFetching } from "../scenario-sources";
import { TELEMETRY_OPTIONS, telemetryFiles, telemetryRequest } from "../telemetry/export-options";
import type { Result } from "../../engine";

const FORMATS = ["table", "json", "csv"] as const;

export const runCommand: Command = {
  name: "run",
  summary: "Run a scenario and print its results; exit 1 if an SLO fails.",
  usage: "run <scenario> [options]",
  details: [
    "<scenario> is a scenario file, or the name of a built-in scenario (see clustersim list).",
    "With --replications R, runs seeds N, N+1, …, N+R-1 in parallel and reports the mean and 95%",
    "confidence interval of each metric; an SLO then passes when the 95% confidence interval of its",
    "measured value lies entirely on the passing side of its threshold. Output does not depend on --workers.",
  ].join("\n"),
  options: {
    seed: { type: "string", valueName: "N", description: "Root seed (default: the scenario's seed)." },
    replications: { type: "string", short: "r", valueName: "R", description: "Run R seeds, N…N+R-1 (default 1)." },
    workers: { type: "string", short: "w", valueName: "W", description: "Worker threads for replications (default: available cores)." },
    set: { type: "string", multiple: true, valueName: "PATH=VALUE", description: "Override a scenario field, e.g. topology.groups.web.count=12." },
    duration: { type: "string", short: "d", valueName: "D", description: "Simulated duration, e.g. 30s (same as --set run.duration=D)." },
    format: { type: "string", short: "f", valueName: "FMT", description: "Output format: table (default), json or csv." },
    json: { type: "boolean", description: "Same as --format json: the exact Result (or replication set)." },
    out: { type: "string", short: "o", valueName: "FILE", description: "Write the output to FILE instead of stdout (- for stdout)." },
    report: { type: "string", valueName: "FILE", description: "Also write a self-contained HTML report with charts." },
    junit: { type: "string", valueName: "FILE", description: "Also write JUnit XML, one test case per SLO." },
    quiet: { type: "boolean", short: "q", description: "No progress on stderr." },
    ...TELEMETRY_OPTIONS,
  },
  positionals: { min: 1, max: 1, name: "<scenario>" },
  examples: [
    { command: "clustersim run scenarios/three-tier.yaml", note: "Run once with the scenario's seed and print a summary." },
    { command: "clustersim run three-tier --seed 7 --duration 2m --set topology.groups.web.count=4", note: "A shorter run with another seed and fewer web nodes." },
    { command: "clustersim run three-tier -r 16 --report report.html --junit junit.xml", note: "16 seeds in parallel; an HTML report and JUnit XML for CI." },
    { command: "clustersim run three-tier --json -o result.json", note: "The exact Result as JSON, written atomically." },
    { command: "clustersim run three-tier --metrics-out run.om --start 2026-11-27T08:00:00Z", note: "The window series as OpenMetrics for promtool tsdb create-blocks-from openmetrics (README: Grafana)." },
  ],
  async run(args, context) {
    const format = args.flag("json") ? "json" : (args.string("format") ?? "table");
    if (!(FORMATS as readonly string[]).includes(format)) throw usageError("run", `--format must be table, json or csv, got ${JSON.stringify(format)}`);
    const replications = args.integer("replications", { min: 1, max: 100_000, fallback: 1 });
    const workers = args.integer("workers", { min: 1, max: 1024, fallback: defaultWorkers() });
    const seedOption = args.integer("seed", { min: 0, fallback: -1 });
    const duration = args.string("duration");
    const overrides = [...args.list("set"), ...(duration === undefined ? [] : [`run.duration=${duration}`])];
    const scenarioArg = args.positionals[0];
    const prometheusUrl = args.string("prometheus-url");
    const checked = await checkScenarioFetching(scenarioArg, { cwd: context.cwd, packageRoot: context.packageRoot, overrides, durationHint: duration !== undefined, signal: context.signal, ...(args.flag("quiet") ? {} : { notes: context.stderr }), ...(prometheusUrl === undefined ? {} : { prometheusUrl }) });
    const telemetry = telemetryRequest(args, checked);
    const seedFirst = seedOption >= 0 ? seedOption : checked.scenario.seed;
    const jobs: RunJob[] = [];
    for (let r = 0; r < replications; r++) jobs.push({ input: checked.input, seed: seedFirst + r, output: "result", ...(telemetry === undefined ? {} : { telemetry }) });
    const usedWorkers = Math.min(workers, replications);
    const label = replications === 1
      ? `${checked.input.displayName}, seed ${seedFirst}`
      : `${checked.input.displayName}, seeds ${seedFirst}…${seedFirst + replications - 1} on ${usedWorkers} worker${usedWorkers === 1 ? "" : "s"}`;
    // One replication runs on this thread from the scenario checkScenario compiled: one parse, one compile, one model.
    const outputs = await executeJobs(jobs, { workers, label, jobNoun: "replications", quiet: args.flag("quiet"), compiled: checked.loaded }, context);
    const texts = outputs.map((output) => (output.kind === "result" ? output.resultJson : ""));
    const results: Result[] = texts.map(parseResult);
    const set = replications === 1 ? null : buildReplicationSet(results);
    const subject = set ?? results[0];
    let text: string;
    if (format === "json") text = set === null ? `${texts[0]}\n` : `${JSON.stringify(set)}\n`;
    else if (format === "csv") text = formatResultsCsv(results);
    else text = set === null ? formatResultTable(results[0]) : formatReplicationTable(set);
    const files: Array<{ path: string; text: string }> = [];
    const outOption = args.string("out");
    const outPath = outOption === "-" ? undefined : outOption;
    if (outPath !== undefined) files.push({ path: outPath, text });
    const reportPath = args.string("report");
    if (reportPath !== undefined) {
      // Loaded on demand: d3 and the report code cost start-up time that most runs don't need.
      const { formatHtmlReport } = await import("../report/html");
      files.push({ path: reportPath, text: formatHtmlReport(subject, { scenarioFile: checked.input.displayName }) });
    }
    const junitPath = args.string("junit");
    if (junitPath !== undefined) files.push({ path: junitPath, text: formatJunit(subject, { scenarioFile: checked.input.displayName }) });
    files.push(...telemetryFiles(args, { checked, results, outputs }));
    writeFilesAtomically(files.map((file) => ({ path: path.resolve(context.cwd, file.path), text: file.text })));
    if (outPath === undefined) context.stdout.write(text);
    return subject.slosPassed ? ExitCode.ok : ExitCode.sloFailed;
  },
};
