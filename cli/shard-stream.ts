/**
 * A sweep shard as a self-describing stream, so it can travel through a pod log or an object
 * store instead of a shared volume.
 *
 * A shard (`--shard i/n` or the Kubernetes index, with n > 1) begins with one header line —
 * `{"format":"clustersim-sweep-shard/1","sweep":…,"shard":i,"shards":n,"jobs":…,"lines":…}` —
 * before its sweep lines. The header says which sweep and shard the lines belong to and how many
 * there must be, so `clustersim merge` can tell a complete shard from a log cut short (log
 * rotation, a pod killed mid-write). A whole, unsharded sweep has no header: its output is the
 * canonical sweep file that merging the shards reproduces byte for byte.
 *
 * `kubectl logs` prints a container's output lines as they were written; with `--prefix` each
 * line starts with `[pod/<pod>/<container>] `, and with `--timestamps` with an RFC 3339
 * timestamp and a space (after the prefix when both are given). {@link readLogLine} removes both,
 * so merge reads shard files, plain logs and prefixed logs of many pods alike.
 */
import { CliError, ExitCode } from "./exit-codes";

/** The header's `format`: the shard stream's name and version. */
export const SHARD_FORMAT = "clustersim-sweep-shard/1";

/** The first line of a shard stream. */
export interface ShardHeader {
  format: typeof SHARD_FORMAT;
  /** The sweep's identity (sweepId): equal for every shard of one sweep. */
  sweep: string;
  /** This shard's index, 0-based. */
  shard: number;
  /** The number of shards. */
  shards: number;
  /** Jobs in the whole sweep. */
  jobs: number;
  /** Sweep lines this shard writes after the header. */
  lines: number;
}

/** The header line (no newline), keys in a fixed order. */
export function shardHeaderLine(header: Omit<ShardHeader, "format">): string {
  const { sweep, shard, shards, jobs, lines } = header;
  return JSON.stringify({ format: SHARD_FORMAT, sweep, shard, shards, jobs, lines });
}

/**
 * The header in a parsed JSON line, or null when the line is not a header (has no `format`).
 * @throws CliError (exit 2) for another format or a malformed header.
 */
export function readShardHeader(value: unknown, where: string): ShardHeader | null {
  if (typeof value !== "object" || value === null || !("format" in value)) return null;
  const header = value as Record<string, unknown>;
  if (header.format !== SHARD_FORMAT) {
    throw new CliError(`${where}: shard format ${JSON.stringify(header.format)} is not ${SHARD_FORMAT}; merge with the clustersim version that ran the sweep`, ExitCode.usage);
  }
  const counts = [header.shard, header.shards, header.jobs, header.lines];
  const whole = counts.every((count) => Number.isSafeInteger(count) && (count as number) >= 0);
  if (typeof header.sweep !== "string" || !whole || (header.shard as number) >= (header.shards as number)) {
    throw new CliError(`${where}: malformed shard header (needs "sweep", and "shard" < "shards", "jobs", "lines" as whole numbers)`, ExitCode.usage);
  }
  return header as unknown as ShardHeader;
}

/** One line of a log: the `kubectl logs --prefix` source it names (or null) and the text. */
export interface LogLine {
  source: string | null;
  text: string;
}

const KUBECTL_PREFIX = /^\[(pod\/[^\]/]+\/[^\]]+)\] /;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) /;

/** Strips `kubectl logs` decorations (`--prefix`, `--timestamps`) from a line. */
export function readLogLine(line: string): LogLine {
  const prefix = KUBECTL_PREFIX.exec(line);
  const rest = prefix === null ? line : line.slice(prefix[0].length);
  const stamp = TIMESTAMP.exec(rest);
  return { source: prefix === null ? null : prefix[1], text: stamp === null ? rest : rest.slice(stamp[0].length) };
}
