/**
 * The `clustersim` command line: picks the command from the table in commands/index.ts,
 * parses its arguments, prints help and version, and turns every outcome into an exit code
 * (see exit-codes.ts): errors the user can fix are one line each on stderr with exit 2, bugs
 * are exit 3 with a stack, Ctrl-C stops the work, deletes unfinished outputs and exits 130.
 *
 * Bundled to build/out/cli/main.mjs by build/build-cli.mjs and started by cli/clustersim.mjs.
 */
import path from "node:path";
import { didYouMean, ENGINE_VERSION } from "../engine";
import { parseCommandArgs } from "./args";
import { commandHelp, type Command, type CommandContext, type TextSink } from "./command";
import { commands } from "./commands/index";
import { CliError, ExitCode, usageError } from "./exit-codes";
import { discardPendingFiles } from "./files";
import { InterruptedError } from "./runner";

declare const __CLUSTERSIM_VERSION__: string | undefined;

/** The package version (set by the build), or "dev" when run from source. */
export const CLI_VERSION = typeof __CLUSTERSIM_VERSION__ === "string" ? __CLUSTERSIM_VERSION__ : "dev";

/** Where main() runs: the process's streams and environment, or stand-ins. */
export interface MainOptions {
  packageRoot: string;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  stdout?: TextSink;
  stderr?: TextSink;
  /** Install SIGINT/SIGTERM handlers (the real bin does; embedders may not want them). */
  handleSignals?: boolean;
}

/** Runs `clustersim <argv…>` and returns the exit code. Never throws. */
export async function main(argv: readonly string[], options: MainOptions): Promise<number> {
  const pipeClosed = (): void => {
    // The reader is gone: nothing more can be delivered, so stop now and leave no temporaries.
    discardPendingFiles();
    process.exit(ExitCode.pipeClosed);
  };
  const stdout = options.stdout ?? processSink(process.stdout, options.handleSignals ? pipeClosed : undefined);
  const stderr = options.stderr ?? processSink(process.stderr);
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: leave now, still without leaving temporaries behind.
      discardPendingFiles();
      process.exit(ExitCode.interrupted);
    }
    controller.abort();
  };
  if (options.handleSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  const env = options.env ?? process.env;
  const debug = argv.includes("--debug") || env.CLUSTERSIM_DEBUG === "1";
  const commandArgs = argv.filter((arg) => arg !== "--debug");
  const context: CommandContext = { stdout, stderr, env, cwd: options.cwd ?? process.cwd(), packageRoot: options.packageRoot, signal: controller.signal, debug };
  try {
    return await dispatch(commandArgs, context);
  } catch (error) {
    discardPendingFiles();
    if (error instanceof InterruptedError || controller.signal.aborted) {
      stderr.write(`\nclustersim: interrupted; no output written\n`);
      return ExitCode.interrupted;
    }
    if (error instanceof CliError) {
      for (const line of error.lines) stderr.write(`${line}\n`);
      if (error.exitCode === ExitCode.internal) stderr.write(reproduceLines(commandArgs, debug));
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    const stack = debug && error instanceof Error && error.stack !== undefined ? `${error.stack}\n` : "";
    stderr.write(`clustersim: internal error: ${message}\n${stack}${reproduceLines(commandArgs, debug)}`);
    return ExitCode.internal;
  } finally {
    if (options.handleSignals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
}

/**
 * What every internal error ends with: the command line that reproduces it (it fixes every
 * seed: the scenario's own unless --seed names one) and how to see the stack.
 */
function reproduceLines(argv: readonly string[], debug: boolean): string {
  const quoted = argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`));
  const seed = argv.some((arg) => arg === "--seed" || arg.startsWith("--seed=")) ? "the --seed given" : "the scenario's own seed unless --seed is given";
  return [
    `reproduce with: clustersim ${quoted.join(" ")} (seed: ${seed})`,
    ...(debug ? [] : ["add --debug for the stack trace"]),
    "please report it with the command line and the scenario",
    "",
  ].join("\n");
}

async function dispatch(argv: readonly string[], context: CommandContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    if (topic !== undefined) {
      context.stdout.write(commandHelp(findCommand(topic)));
      return ExitCode.ok;
    }
    (first === undefined ? context.stderr : context.stdout).write(mainHelp());
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === "--version" || first === "-V") {
    context.stdout.write(`clustersim ${CLI_VERSION} (engine ${ENGINE_VERSION}, node ${process.versions.node})\n`);
    return ExitCode.ok;
  }
  if (first.startsWith("-")) throw usageError("", `expected a command before ${first}`);
  const command = findCommand(first);
  const args = parseCommandArgs(command.name, rest, command.options, command.positionals);
  if (args.flag("help")) {
    context.stdout.write(commandHelp(command));
    return ExitCode.ok;
  }
  return command.run(args, context);
}

function findCommand(name: string): Command {
  const command = commands.find((c) => c.name === name);
  if (command !== undefined) return command;
  const names = commands.map((c) => c.name);
  const close = didYouMean(name, names);
  throw usageError("", `unknown command ${JSON.stringify(name)}${close ? ` (did you mean ${close}?)` : ""}; commands: ${names.join(", ")}`);
}

/** `clustersim --help`. */
export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `clustersim ${CLI_VERSION}: a deterministic discrete-event simulator and capacity planner for server clusters`,
    "",
    "usage: clustersim <command> [options]",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run clustersim <command> --help for its options and examples.",
    "Exit codes: 0 all SLOs pass · 1 an SLO fails · 2 bad usage or invalid scenario · 3 internal error · 130 interrupted.",
    "Add --debug to any command to see the stack trace of an internal error.",
    "",
    "examples:",
    "  clustersim list",
    "  clustersim run scenarios/three-tier.yaml",
    "  clustersim run three-tier -r 16 --report report.html --junit junit.xml",
    "  clustersim --version",
    "",
  ].join("\n");
}

/**
 * A TextSink over a process stream. When the reader goes away (`clustersim run … | head -1`
 * closes the pipe: EPIPE), writing stops; with `onClosed` the process then leaves quietly, as
 * Unix tools do (exit 141 = 128 + SIGPIPE), instead of dying with Node's stack trace.
 */
function processSink(stream: NodeJS.WriteStream, onClosed?: () => void): TextSink {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    closed = true;
    onClosed?.();
  });
  return {
    write: (text: string) => {
      if (!closed) stream.write(text);
    },
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** The package root when main.mjs sits in build/out/cli/ (used by cli/clustersim.mjs). */
export function packageRootFrom(moduleUrl: string): string {
  return path.resolve(path.dirname(new URL(moduleUrl).pathname), "../../..");
}
