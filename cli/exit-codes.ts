/**
 * Exit codes and the error type that carries one.
 *
 * A CI system reads the exit code and nothing else, so each outcome has its own: the run was
 * fine, an SLO failed, the user's input was wrong, or we have a bug. Anything a command throws
 * that is not a {@link CliError} is an internal error (exit 3).
 */

/** The process exit codes, documented in README ("Exit codes"). */
export const ExitCode = {
  /** Every SLO passed (or the command has no SLOs and succeeded). */
  ok: 0,
  /** The run finished and at least one SLO failed. */
  sloFailed: 1,
  /** Bad usage, an unreadable file or an invalid scenario; details on stderr. */
  usage: 2,
  /** A bug in clustersim; the message names the seed that reproduces it. */
  internal: 3,
  /** The work ran but its output could not be delivered (`sweep --upload` failed after retries); retrying may help. */
  uploadFailed: 4,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM; no output file was written. 128 + SIGINT. */
  interrupted: 130,
  /** The reader of stdout went away (a closed pipe, `| head -1`): stopped quietly. 128 + SIGPIPE. */
  pipeClosed: 141,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An expected failure: each line of `lines` is printed on stderr as is (no stack trace) and the
 * process exits with `exitCode`.
 */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly lines: readonly string[];

  constructor(lines: string | readonly string[], exitCode: ExitCodeValue = ExitCode.usage) {
    const all = typeof lines === "string" ? [lines] : lines;
    super(all.join("\n"));
    this.name = "CliError";
    this.lines = all;
    this.exitCode = exitCode;
  }
}

/**
 * A usage mistake in `command`'s arguments: `clustersim run: <message>` plus a pointer to the
 * command's help. Exit code 2.
 */
export function usageError(command: string, message: string): CliError {
  const prefix = command === "" ? "clustersim" : `clustersim ${command}`;
  const help = command === "" ? "clustersim --help" : `clustersim ${command} --help`;
  return new CliError(`${prefix}: ${message} (see ${help})`, ExitCode.usage);
}
