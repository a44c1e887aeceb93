/**
 * `clustersim compare a.json b.json`: the headline metrics of two runs side by side (single
 * Results or replication sets, as `run --json` writes them), with the change from a to b and,
 * when both sides have replications, whether the change is significant by Welch's t-test at
 * the 5 % level (two-sided; unequal variances), i.e. larger than the seed-to-seed noise.
 * `--metric PATH` adds any number of the Result (engine/result/result-path.ts) as a row.
 */
import path from "node:path";
import { formatMetric, formatMetricChange, HEADLINE_METRICS, intervalOf, isReplicationSet, parseResultPath, readResultNumber, sloUnit, welchTTest, type HeadlineMetric, type Result, type SloKind, type Verdict } from "../../engine";
import type { Command } from "../command";
import { CliError, ExitCode, usageError } from "../exit-codes";
import { MAX_DATA_FILE_BYTES, readTextFile } from "../files";
import { formatColumns } from "../format/text";
import { checkCompareInput } from "./compare-input";

/** One side of the comparison: its results (one, or one per seed) and how to name it. */
interface Side {
  file: string;
  label: string;
  results: Result[];
  /** The SLO verdicts to show: the run's, or the replication set's (judged by the SLO rule when it was written). */
  slos: Array<{ name: string; kind: SloKind; verdict: Verdict; measured: number | null }>;
}

export const compareCommand: Command = {
  name: "compare",
  summary: "Compare two results side by side, with significance when they have replications.",
  usage: "compare <a.json> <b.json> [options]",
  details: "Each file is the JSON of clustersim run (a Result, or a replication set with -r R). Differences are\ntested with Welch's t-test (5% level, two-sided) when both files hold replications.",
  options: {
    format: { type: "string", short: "f", valueName: "FMT", description: "table (default) or json." },
    metric: { type: "string", short: "m", multiple: true, valueName: "PATH", description: "Also compare the number at this Result path (e.g. replicated.orders-async.writesLost); repeatable." },
  },
  positionals: { min: 2, max: 2, name: "<a.json> <b.json>" },
  examples: [
    { command: "clustersim run three-tier -r 10 --json -o a.json && clustersim run three-tier -r 10 --set topology.groups.app.count=6 --json -o b.json && clustersim compare a.json b.json", note: "Does removing two app nodes change latency beyond the noise between seeds?" },
    { command: "clustersim compare async.json quorum.json --metric replicated.orders-async.writesLost", note: "Any number in the Result, by path, as a row of its own." },
  ],
  async run(args, context) {
    const format = args.string("format") ?? "table";
    if (format !== "table" && format !== "json") throw usageError("compare", `--format must be table or json, got ${JSON.stringify(format)}`);
    const [a, b] = args.positionals.map((file) => loadSide(file, context.cwd));
    const pathMetrics = args.list("metric").map((text) => pathMetric(text, [a, b]));
    const rows = [...HEADLINE_METRICS, ...pathMetrics].map((metric) => {
      const samplesA = a.results.map((r) => metric.get(r));
      const samplesB = b.results.map((r) => metric.get(r));
      const meanA = intervalOf(samplesA).mean;
      const meanB = intervalOf(samplesB).mean;
      const delta = meanA === null || meanB === null ? null : meanB - meanA;
      const relative = delta === null || meanA === 0 || meanA === null ? null : delta / Math.abs(meanA);
      const presentA = samplesA.filter((v): v is number => v !== null);
      const presentB = samplesB.filter((v): v is number => v !== null);
      const test = presentA.length >= 2 && presentB.length >= 2 ? welchTTest(presentA, presentB) : null;
      const pValue = test === null || Number.isNaN(test.pValue) ? null : test.pValue;
      return { metric, a: meanA, b: meanB, delta, relative, pValue, significant: pValue === null ? null : pValue < 0.05 };
    });
    if (format === "json") {
      const json = { a: { file: a.file, label: a.label, runs: a.results.length }, b: { file: b.file, label: b.label, runs: b.results.length }, significanceLevel: 0.05, metrics: rows.map(({ metric, ...rest }) => ({ key: metric.key, ...rest })) };
      context.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return ExitCode.ok;
    }
    const lines = [`a: ${a.label}  (${a.file})`, `b: ${b.label}  (${b.file})`, ""];
    const table = [["metric", "a", "b", "change b - a", "", "significance (Welch t-test, 5%)"]];
    for (const row of rows) {
      table.push([row.metric.label, formatMetric(row.a, row.metric.unit), formatMetric(row.b, row.metric.unit), formatMetricChange(row.delta, row.metric.unit), formatRelative(row.relative), describeSignificance(row)]);
    }
    lines.push(formatColumns(table, ["left", "right", "right", "right", "right", "left"]));
    const names = [...new Set([...a.slos.map((s) => s.name), ...b.slos.map((s) => s.name)])];
    if (names.length > 0) {
      const sloTable = [["SLO", "a", "b"]];
      const cell = (side: Side, name: string): string => {
        const slo = side.slos.find((s) => s.name === name);
        return slo === undefined ? "—" : `${formatMetric(slo.measured, sloUnit(slo.kind))} ${slo.verdict.toUpperCase()}`;
      };
      for (const name of names) sloTable.push([name, cell(a, name), cell(b, name)]);
      lines.push(formatColumns(sloTable, ["left", "right", "right"]));
    }
    if (a.results.length < 2 || b.results.length < 2) lines.push("significance needs replications on both sides: clustersim run -r R --json");
    context.stdout.write(`${lines.join("\n").trimEnd()}\n`);
    return ExitCode.ok;
  },
};

/**
 * A `--metric PATH` row: the number at the path in each Result (unit-less, direction unknown).
 * @throws CliError (exit 2) when the path is malformed or leads nowhere (or to no number) in a Result.
 */
function pathMetric(text: string, sides: readonly Side[]): HeadlineMetric {
  const parsed = parseResultPath(text);
  if (!parsed.ok) throw usageError("compare", `--metric ${text}: ${parsed.message}`);
  for (const side of sides) {
    for (const result of side.results) {
      const read = readResultNumber(result, parsed.path);
      if (!read.ok) throw new CliError(`${side.file}: --metric ${read.message}`, ExitCode.usage);
    }
  }
  const get = (result: unknown): number | null => {
    const read = readResultNumber(result, parsed.path);
    return read.ok ? read.value : null;
  };
  return { key: text, label: text, unit: "number", better: null, get };
}

/** Reads a Result or replication set. @throws CliError (exit 2) for anything else. */
function loadSide(file: string, cwd: string): Side {
  const text = readTextFile(path.resolve(cwd, file), file, MAX_DATA_FILE_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)}); write it with clustersim run --json`, ExitCode.usage);
  }
  if (isReplicationSet(value)) {
    checkCompareInput(value, file, true);
    const label = `${value.scenario}, seeds ${value.seedFirst}…${value.seedFirst + value.replications - 1} (${value.replications} replications)`;
    // A set written before setVersion 2 has no verdict: its passed is the old rule's pass or fail.
    const slos = value.slos.map((slo) => ({ name: slo.name, kind: slo.kind, verdict: slo.verdict ?? (slo.passed ? "pass" : "fail"), measured: slo.measured.mean }));
    return { file, label, results: value.results, slos };
  }
  const result = value as Partial<Result>;
  if (typeof result.resultVersion !== "number" || typeof result.requests !== "object" || !Array.isArray(result.slos)) {
    throw new CliError(`${file}: not a clustersim Result or replication set; write it with clustersim run --json`, ExitCode.usage);
  }
  checkCompareInput(value, file, false);
  const full = value as Result;
  const slos = full.slos.map((slo) => ({ name: slo.name, kind: slo.kind, verdict: slo.passed ? ("pass" as const) : ("fail" as const), measured: slo.measured }));
  return { file, label: `${full.scenario}, seed ${full.seed}`, results: [full], slos };
}

function formatRelative(relative: number | null): string {
  if (relative === null) return "";
  return `${relative >= 0 ? "+" : ""}${(relative * 100).toFixed(1)}%`;
}

function describeSignificance(row: { metric: HeadlineMetric; delta: number | null; pValue: number | null; significant: boolean | null }): string {
  if (row.pValue === null) return "—";
  const p = row.pValue < 0.001 ? "p < 0.001" : `p = ${row.pValue.toFixed(3)}`;
  if (!row.significant) return `not significant (${p})`;
  const better = row.metric.better === null || row.delta === null || row.delta === 0 ? "" : (row.delta > 0) === (row.metric.better === "higher") ? ", better" : ", worse";
  return `significant (${p})${better}`;
}
