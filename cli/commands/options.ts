/**
 * The options every command that runs a scenario shares (run, plan, sweep): which seeds, which
 * overrides, how long, on how many workers, where the output goes and in what format, and
 * whether to show progress. {@link runOptions} is the option-table fragment a command spreads
 * into its own (so --help lists them the same way everywhere), and {@link readRunArgs} reads
 * them back, checked, in one place, so a bad value gets the same message from every command.
 */
import type { OptionSpecs, ParsedArgs } from "../args";
import { usageError } from "../exit-codes";
import { defaultWorkers } from "../execute";

/** The output formats of a command: their names, the default first, and what --json gives. */
export interface OutputFormats {
  /** e.g. ["table", "json", "csv"]; the first is the default, and "json" must be one. */
  names: readonly string[];
  /** What the JSON output is, for --help, e.g. "the full plan". */
  json: string;
}

/** How a command words and checks the shared options. */
export interface RunOptionsConfig {
  /** Its output formats; without, it has no --format/--json. */
  formats?: OutputFormats;
  /** What --out writes, for --help (default "the output"), e.g. "the JSON lines". */
  output?: string;
}

/** The shared options, checked: what {@link readRunArgs} returns. */
export interface RunArgs {
  /** --set PATH=VALUE in order, then run.duration=D for --duration D, then run.fidelity=F for --fidelity F. */
  overrides: string[];
  /** Whether --duration was given (a warm-up problem then gets a hint). */
  durationHint: boolean;
  /** --seed, or undefined for the scenario's own seed. */
  seed: number | undefined;
  /** --workers, or the cores this process may use. */
  workers: number;
  /** --quiet. */
  quiet: boolean;
  /** --format (--json meaning json), or the default format; "" for a command without formats. */
  format: string;
  /** --out, or undefined for stdout (also when given as -). */
  out: string | undefined;
}

/** `a`, `a or b`, `a, b or c`. */
function alternatives(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/**
 * The option-table fragment of a command that runs a scenario: --seed, --set, --duration,
 * --workers, --format/--json when it has formats, --out and --quiet.
 */
export function runOptions(config: RunOptionsConfig = {}): OptionSpecs {
  const { formats, output = "the output" } = config;
  return {
    seed: { type: "string", valueName: "N", description: "First seed; replication i runs seed N+i (default: the scenario's seed)." },
    set: { type: "string", multiple: true, valueName: "PATH=VALUE", description: "Override a scenario field in every run, e.g. topology.groups.web.count=12." },
    duration: { type: "string", short: "d", valueName: "D", description: "Simulated duration of every run, e.g. 30s (same as --set run.duration=D)." },
    fidelity: { type: "string", valueName: "F", description: "exact (default) or hybrid: a fluid model stands in for calm windows (same as --set run.fidelity=F; README: Hybrid fidelity)." },
    workers: { type: "string", short: "w", valueName: "W", description: "Worker threads (default: available cores)." },
    ...(formats === undefined ? {} : {
      format: { type: "string", short: "f", valueName: "FMT", description: `Output format: ${alternatives(formats.names.map((name, i) => (i === 0 ? `${name} (default)` : name)))}.` },
      json: { type: "boolean", description: `Same as --format json: ${formats.json}.` },
    }),
    out: { type: "string", short: "o", valueName: "FILE", description: `Write ${output} to FILE instead of stdout (- for stdout).` },
    quiet: { type: "boolean", short: "q", description: "No progress or notes on stderr, only errors and failures." },
  };
}

/**
 * Reads the options of {@link runOptions}; pass the same `config`.
 * @throws CliError (exit 2) for a seed, worker count or format out of range, naming the option.
 */
export function readRunArgs(args: ParsedArgs, config: RunOptionsConfig = {}): RunArgs {
  const { formats } = config;
  let format = "";
  if (formats !== undefined) {
    format = args.flag("json") ? "json" : (args.string("format") ?? formats.names[0]!);
    if (!formats.names.includes(format)) throw usageError(args.command, `--format must be ${alternatives(formats.names)}, got ${JSON.stringify(format)}`);
  }
  const workers = args.integer("workers", { min: 1, max: 1024, fallback: defaultWorkers() });
  const seed = args.integer("seed", { min: 0, fallback: -1 });
  const duration = args.string("duration");
  const fidelity = args.string("fidelity");
  if (fidelity !== undefined && fidelity !== "exact" && fidelity !== "hybrid") throw usageError(args.command, `--fidelity must be exact or hybrid, got ${JSON.stringify(fidelity)}`);
  const out = args.string("out");
  return {
    overrides: [...args.list("set"), ...(duration === undefined ? [] : [`run.duration=${duration}`]), ...(fidelity === undefined ? [] : [`run.fidelity=${fidelity}`])],
    durationHint: duration !== undefined,
    seed: seed < 0 ? undefined : seed,
    workers,
    quiet: args.flag("quiet"),
    format,
    out: out === "-" ? undefined : out,
  };
}
