/**
 * `clustersim run <scenario>`: one run, or R replications over consecutive seeds, printed as a
 * table, JSON or CSV, with an optional HTML report and JUnit file. Exit code 0 when every SLO
 * passes, 1 when one fails.
 */
import path from "node:path";
import { ExitCode } from "../exit-codes";
import type { Command } from "../command";
import { executeJobs } from "../execute";
import { checkOutputOptions, writeFilesAtomically } from "../files";
import { formatResultsCsv } from "../format/csv";
import { formatJunit } from "../format/junit";
import { formatReplicationTable, formatResultTable } from "../format/table";
import { parseResult, type RunJob } from "../job";
import { checkScenarioFetching } from "../scenario-sources";
import { TELEMETRY_OPTIONS, telemetryFiles, telemetryRequest } from "../telemetry/export-options";
import { buildReplicationSet, type Result } from "../../engine";
import { readRunArgs, runOptions } from "./options";

/** The shared options' wording: three output formats. */
const RUN_OPTIONS = { formats: { names: ["table", "json", "csv"], json: "the exact Result (or replication set)" } };

export const runCommand: Command = {
  name: "run",
  summary: "Run a scenario and print its results; exit 1 if an SLO fails.",
  usage: "run <scenario> [options]",
  details: [
    "<scenario> is a scenario file, or the name of a built-in scenario (see clustersim list).",
    "With --replications R, runs seeds N, N+1, …, N+R-1 in parallel and reports the mean and 95%",
    "confidence interval of each metric; an SLO then passes when the 95% confidence interval of its",
    "measured value lies entirely on the passing side of its threshold, fails when it lies entirely on",
    "the other side, and is undecided otherwise (exit 1 unless every SLO passes; the rule clustersim",
    "plan judges candidates by). Output does not depend on --workers.",
  ].join("\n"),
  options: {
    replications: { type: "string", short: "r", valueName: "R", description: "Run R seeds, N…N+R-1 (default 1)." },
    report: { type: "string", valueName: "FILE", description: "Also write a self-contained HTML report with charts." },
    junit: { type: "string", valueName: "FILE", description: "Also write JUnit XML, one test case per SLO." },
    from: { type: "string", valueName: "T", description: "Replay the recorded traffic (trace or replayed rate) from T: a time like 2025-11-28T13:00:00Z or a duration from the recording's start like 13h; it becomes time 0." },
    to: { type: "string", valueName: "T", description: "Replay the recorded traffic up to T (a time or a duration from the recording's start); without --duration the run lasts the window (both bounds durations, or both times)." },
    ...runOptions(RUN_OPTIONS),
    ...TELEMETRY_OPTIONS,
  },
  positionals: { min: 1, max: 1, name: "<scenario>" },
  examples: [
    { command: "clustersim run scenarios/three-tier.yaml", note: "Run once with the scenario's seed and print a summary." },
    { command: "clustersim run three-tier --seed 7 --duration 2m --set topology.groups.web.count=4", note: "A shorter run with another seed and fewer web nodes." },
    { command: "clustersim run three-tier -r 16 --report report.html --junit junit.xml", note: "16 seeds in parallel; an HTML report and JUnit XML for CI." },
    { command: "clustersim run replay-last-black-friday --from 13h --to 17h --fidelity hybrid", note: "Replay four hours of a day-long recording (the run lasts the window), calm windows in the fluid model." },
    { command: "clustersim run three-tier --json -o result.json", note: "The exact Result as JSON, written atomically." },
    { command: "clustersim run three-tier --metrics-out run.om --start 2026-11-27T08:00:00Z", note: "The window series as OpenMetrics for promtool tsdb create-blocks-from openmetrics (README: Grafana)." },
  ],
  async run(args, context) {
    const { format, workers, seed, overrides, durationHint, quiet, out: outPath } = readRunArgs(args, RUN_OPTIONS);
    const replications = args.integer("replications", { min: 1, max: 100_000, fallback: 1 });
    checkOutputOptions(context.cwd, { "--out": args.string("out"), "--report": args.string("report"), "--junit": args.string("junit") });
    const scenarioArg = args.positionals[0];
    const prometheusUrl = args.string("prometheus-url");
    const replayWindow = { ...(args.string("from") === undefined ? {} : { from: args.string("from")! }), ...(args.string("to") === undefined ? {} : { to: args.string("to")! }) };
    const checked = await checkScenarioFetching(scenarioArg, { cwd: context.cwd, packageRoot: context.packageRoot, overrides, durationHint, replayWindow, signal: context.signal, ...(quiet ? {} : { notes: context.stderr }), ...(prometheusUrl === undefined ? {} : { prometheusUrl }) });
    const telemetry = telemetryRequest(args, checked);
    const seedFirst = seed ?? checked.scenario.seed;
    const jobs: RunJob[] = [];
    for (let r = 0; r < replications; r++) jobs.push({ input: checked.input, seed: seedFirst + r, output: "result", ...(telemetry === undefined ? {} : { telemetry }) });
    const usedWorkers = Math.min(workers, replications);
    const label = replications === 1
      ? `${checked.input.displayName}, seed ${seedFirst}`
      : `${checked.input.displayName}, seeds ${seedFirst}…${seedFirst + replications - 1} on ${usedWorkers} worker${usedWorkers === 1 ? "" : "s"}`;
    // One replication runs on this thread from the scenario checkScenario compiled: one parse, one compile, one model.
    const startedMs = performance.now();
    const outputs = await executeJobs(jobs, { workers, label, jobNoun: "replications", quiet, compiled: checked.loaded }, context);
    const wallMs = performance.now() - startedMs;
    const texts = outputs.map((output) => (output.kind === "result" ? output.resultJson : ""));
    const results: Result[] = texts.map(parseResult);
    const set = replications === 1 ? null : buildReplicationSet(results, { scenario: checked.scenario });
    const subject = set ?? results[0];
    let text: string;
    if (format === "json") text = set === null ? `${texts[0]}\n` : `${JSON.stringify(set)}\n`;
    else if (format === "csv") text = formatResultsCsv(results);
    else text = set === null ? formatResultTable(results[0]) : formatReplicationTable(set);
    const files: Array<{ path: string; text: string }> = [];
    if (outPath !== undefined) files.push({ path: outPath, text });
    const reportPath = args.string("report");
    if (reportPath !== undefined) {
      // Loaded on demand: d3 and the report code cost start-up time that most runs don't need.
      const { formatHtmlReport } = await import("../report/html");
      files.push({ path: reportPath, text: formatHtmlReport(subject, { scenarioFile: checked.input.displayName }) });
    }
    const junitPath = args.string("junit");
    if (junitPath !== undefined) files.push({ path: junitPath, text: formatJunit(subject, { scenarioFile: checked.input.displayName, wallMs }) });
    files.push(...telemetryFiles(args, { checked, results, outputs }));
    writeFilesAtomically(files.map((file) => ({ path: path.resolve(context.cwd, file.path), text: file.text })));
    if (outPath === undefined) context.stdout.write(text);
    return subject.slosPassed ? ExitCode.ok : ExitCode.sloFailed;
  },
};
