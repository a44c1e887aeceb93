/**
 * `clustersim merge <shard files…> --out all.jsonl`: puts the lines of a sharded sweep back in
 * job order, giving exactly the file one unsharded sweep writes. Lines are copied byte for
 * byte, never re-serialised. Refuses (exit 2) to mix sweeps, to fill gaps, or to choose between
 * two different lines for the same job; the same line given twice (a re-run shard) is fine.
 *
 * The inputs may be shard files, uploaded shard objects, or `kubectl logs` output of the shard
 * pods — one pod per file, or many pods in one file with `--prefix` (see shard-stream.ts); `-`
 * reads stdin. A shard's header line is checked and skipped: every line must belong to the
 * header's sweep and shard, and a shard with fewer lines than its header promises (a log cut
 * short) is an error naming it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "../command";
import { CliError, ExitCode } from "../exit-codes";
import { checkOutputOptions, MAX_DATA_FILE_BYTES, readTextFile, writeFilesAtomically } from "../files";
import { readLogLine, readShardHeader, type ShardHeader } from "../shard-stream";

/** Missing job numbers listed at most in the error. */
const MISSING_SHOWN = 10;
/** Most jobs a merge may find missing: a larger claimed count is a damaged file, not a sweep. */
const MISSING_JOBS_MAX = 1_000_000;

/** One source of lines: a file, or one pod's lines in a prefixed log. */
interface Source {
  header: ShardHeader | null;
  headerWhere: string;
  jobs: Set<number>;
}

export const mergeCommand: Command = {
  name: "merge",
  summary: "Combine sweep shard files into the file a single unsharded sweep writes.",
  usage: "merge <shard files…> [--out FILE]",
  details: [
    "Inputs are shard files, uploaded shards or `kubectl logs` output of shard pods (with or without",
    "--prefix and --timestamps; - reads stdin). A shard's header line is checked, not copied.",
  ].join("\n"),
  options: {
    out: { type: "string", short: "o", valueName: "FILE", description: "Write the merged lines to FILE (default: stdout)." },
  },
  positionals: { min: 1, max: Infinity, name: "<shard files…>" },
  examples: [
    { command: "clustersim merge results/shard-*.jsonl -o sweep.jsonl", note: "Merge the outputs of an Indexed Job or a CI matrix." },
    { command: "kubectl logs -l batch.kubernetes.io/job-name=clustersim-sweep --prefix --tail=-1 | clustersim merge - -o sweep.jsonl", note: "Merge straight from the pod logs (deploy/kubernetes/merge.sh picks only succeeded pods)." },
  ],
  async run(args, context) {
    checkOutputOptions(context.cwd, { "--out": args.string("out") });
    const lines = new Map<number, { text: string; where: string }>();
    const sources = new Map<string, Source>();
    let identity: { sweep: string; jobs: number; where: string } | null = null;
    const checkIdentity = (sweep: string, jobs: number, where: string): void => {
      if (identity === null) identity = { sweep, jobs, where };
      else if (sweep !== identity.sweep || jobs !== identity.jobs) {
        throw new CliError(`${where}: line of sweep ${sweep} (${jobs} jobs), but ${identity.where} is of sweep ${identity.sweep} (${identity.jobs} jobs); merge only shards of one sweep`, ExitCode.usage);
      }
    };
    for (const file of args.positionals) {
      const text = file === "-" ? readStdin() : readTextFile(path.resolve(context.cwd, file), file, MAX_DATA_FILE_BYTES);
      text.split("\n").forEach((raw, i) => {
        const { source: pod, text: line } = readLogLine(raw);
        if (line.trim() === "") return;
        const where = `${file === "-" ? "stdin" : file}:${i + 1}`;
        const key = pod === null ? file : `${file} ${pod}`;
        const source = sources.get(key) ?? { header: null, headerWhere: "", jobs: new Set<number>() };
        sources.set(key, source);
        const value = parseJsonLine(line, where);
        const header = readShardHeader(value, where);
        if (header !== null) {
          checkIdentity(header.sweep, header.jobs, where);
          if (source.header !== null && JSON.stringify(source.header) !== JSON.stringify(header)) throw new CliError(`${where}: a second, different shard header in ${pod ?? file} (first at ${source.headerWhere})`, ExitCode.usage);
          source.header = header;
          source.headerWhere = where;
          return;
        }
        const head = readHead(value, where);
        checkIdentity(head.sweep, head.jobs, where);
        if (source.header !== null && head.job % source.header.shards !== source.header.shard) {
          throw new CliError(`${where}: job ${head.job} is not in shard ${source.header.shard}/${source.header.shards} that ${source.headerWhere} announces`, ExitCode.usage);
        }
        source.jobs.add(head.job);
        const previous = lines.get(head.job);
        if (previous !== undefined && previous.text !== line) throw new CliError(`${where}: job ${head.job} differs from the same job in ${previous.where}; were the shards run with different clustersim versions?`, ExitCode.usage);
        if (previous === undefined) lines.set(head.job, { text: line, where });
      });
    }
    for (const source of sources.values()) {
      const header = source.header;
      if (header !== null && source.jobs.size < header.lines) {
        throw new CliError(`${source.headerWhere}: shard ${header.shard}/${header.shards} has ${source.jobs.size} of its ${header.lines} lines; the output was cut short (a pod log rotated or a pod stopped mid-shard?): re-run the shard or use sweep --upload`, ExitCode.usage);
      }
    }
    if (identity === null) throw new CliError(`clustersim merge: the shard files hold no lines`, ExitCode.usage);
    const { jobs, where: claimedAt } = identity as { jobs: number; where: string };
    // The count comes from the file: trust it only as far as the lines present can back it, and
    // count what is missing arithmetically (a line claiming 2^53 jobs must not allocate 2^53).
    if (jobs > lines.size + MISSING_JOBS_MAX) {
      throw new CliError(`${claimedAt}: claims ${jobs.toLocaleString("en-US")} jobs, but the files hold ${lines.size.toLocaleString("en-US")} lines; is the file damaged, or most of the shards missing?`, ExitCode.usage);
    }
    const missingCount = jobs - lines.size; // every job number read is in [0, jobs) (readHead)
    if (missingCount > 0) {
      const missing: number[] = [];
      for (let job = 0; job < jobs && missing.length < MISSING_SHOWN + 1; job++) if (!lines.has(job)) missing.push(job);
      const shown = missing.slice(0, MISSING_SHOWN).join(", ") + (missingCount > MISSING_SHOWN ? ", …" : "");
      throw new CliError(`clustersim merge: ${missingCount} of ${jobs} jobs missing (${shown}); ${missingShards(jobs, lines, sources) ?? "is a shard file missing or incomplete?"}`, ExitCode.usage);
    }
    let merged = "";
    for (let job = 0; job < jobs; job++) merged += `${lines.get(job)!.text}\n`;
    const out = args.string("out");
    if (out === undefined || out === "-") context.stdout.write(merged);
    else {
      writeFilesAtomically([{ path: path.resolve(context.cwd, out), text: merged }]);
      context.stderr.write(`merged ${jobs} lines from ${args.positionals.length} file${args.positionals.length === 1 ? "" : "s"} into ${out}\n`);
    }
    return ExitCode.ok;
  },
};

/** "shard 2/4 is missing" when shard headers say how the missing jobs were dealt, else null. */
function missingShards(jobs: number, lines: ReadonlyMap<number, unknown>, sources: ReadonlyMap<string, Source>): string | null {
  const header = [...sources.values()].find((source) => source.header !== null)?.header;
  if (header === undefined || header === null) return null;
  const shards = new Set<number>();
  for (let job = 0; job < jobs; job++) if (!lines.has(job)) shards.add(job % header.shards);
  const sorted = [...shards].sort((a, b) => a - b);
  return `no lines from shard${sorted.length === 1 ? "" : "s"} ${sorted.map((shard) => `${shard}/${header.shards}`).join(", ")}: is a shard file or pod log missing?`;
}

/** All of stdin (a pipe from `kubectl logs`). @throws CliError (exit 2) when it cannot be read. */
function readStdin(): string {
  try {
    return readFileSync(0, "utf8");
  } catch (error) {
    throw new CliError(`cannot read stdin: ${(error as Error).message}`, ExitCode.usage);
  }
}

/** A line as JSON. @throws CliError (exit 2) when it is not. */
function parseJsonLine(line: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new CliError(`${where}: not a JSON line (is this a clustersim sweep file? In a pod log, run the sweep with --quiet so nothing else is printed)`, ExitCode.usage);
  }
}

/** The sweep identity and job number of a line. @throws CliError (exit 2) when it is not a sweep line. */
function readHead(value: unknown, where: string): { sweep: string; job: number; jobs: number } {
  const head = (value ?? {}) as { sweep?: unknown; job?: unknown; jobs?: unknown };
  if (typeof head.sweep !== "string" || !Number.isSafeInteger(head.job) || !Number.isSafeInteger(head.jobs) || (head.job as number) < 0 || (head.job as number) >= (head.jobs as number)) {
    throw new CliError(`${where}: not a clustersim sweep line (needs "sweep", "job" and "jobs")`, ExitCode.usage);
  }
  return { sweep: head.sweep, job: head.job as number, jobs: head.jobs as number };
}
