/**
 * What a command is: a name, its options and positionals, help text with examples, and a
 * `run` function that returns an exit code. Each command lives in one file in cli/commands/
 * and is registered in the table in cli/commands/index.ts; main.ts parses the arguments
 * against the command's option table, prints its help, and maps errors to exit codes.
 */
import type { OptionSpecs, ParsedArgs, PositionalSpec } from "./args";

/** A place to write text: stdout or stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): void;
  /** True when a person is watching (progress bars, colours). */
  readonly isTTY: boolean;
  /** Terminal width in characters when known. */
  readonly columns?: number;
}

/** What a command may use from the outside world. */
export interface CommandContext {
  /** The result: tables, JSON, CSV. */
  stdout: TextSink;
  /** Progress, logs and errors. */
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths resolve against this directory. */
  cwd: string;
  /** The clustersim checkout or package (holds scenarios/). */
  packageRoot: string;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: stop work promptly and write nothing. */
  signal: AbortSignal;
  /** `--debug` (anywhere on the command line) or CLUSTERSIM_DEBUG=1: internal errors show their stack. */
  debug?: boolean;
}

/** One example in --help: the command line and what it does. */
export interface CommandExample {
  command: string;
  note: string;
}

/** A subcommand of `clustersim`. */
export interface Command {
  name: string;
  /** One line for `clustersim --help`. */
  summary: string;
  /** The synopsis after `clustersim `, e.g. `run <scenario> [options]`. */
  usage: string;
  /** Paragraphs shown under the synopsis in --help. */
  details?: string;
  options: OptionSpecs;
  positionals: PositionalSpec;
  examples: readonly CommandExample[];
  /** Runs the command; returns the exit code (see ExitCode). Throws CliError for bad input. */
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}

/** The --help text of a command, generated from its option table. */
export function commandHelp(command: Command): string {
  const lines = [`usage: clustersim ${command.usage}`, "", command.summary];
  if (command.details) lines.push("", command.details);
  const entries = Object.entries(command.options);
  const labels = entries.map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : "    ";
    const value = spec.type === "string" ? ` ${spec.valueName ?? "VALUE"}` : "";
    return `${short}--${name}${value}`;
  });
  labels.push("-h, --help");
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  lines.push("", "options:");
  entries.forEach(([, spec], i) => lines.push(`  ${labels[i].padEnd(width)}${spec.description}${spec.multiple ? " (repeatable)" : ""}`));
  lines.push(`  ${labels[labels.length - 1].padEnd(width)}Show this help.`);
  if (command.examples.length > 0) {
    lines.push("", "examples:");
    for (const example of command.examples) lines.push(`  ${example.command}`, `      ${example.note}`);
  }
  return `${lines.join("\n")}\n`;
}
