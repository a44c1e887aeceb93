/**
 * `clustersim merge <shard files…> --out all.jsonl`: puts the lines of a sharded sweep back in
 * job order, giving exactly the file one unsharded sweep writes. Lines are copied byte for
 * byte, never re-serialised. Refuses (exit 2) to mix sweeps, to fill gaps, or to choose between
 * two different lines for the same job; the same line given twice (a re-run shard) is fine.
 */
import path from "node:path";
import type { Command } from "../command";
import { CliError, ExitCode } from "../exit-codes";
import { readTextFile, writeFilesAtomically } from "../files";

/** Missing job numbers listed at most in the error. */
const MISSING_SHOWN = 10;

export const mergeCommand: Command = {
  name: "merge",
  summary: "Combine sweep shard files into the file a single unsharded sweep writes.",
  usage: "merge <shard files…> [--out FILE]",
  options: {
    out: { type: "string", short: "o", valueName: "FILE", description: "Write the merged lines to FILE (default: stdout)." },
  },
  positionals: { min: 1, max: Infinity, name: "<shard files…>" },
  examples: [
    { command: "clustersim merge results/shard-*.jsonl -o sweep.jsonl", note: "Merge the outputs of an Indexed Job or a CI matrix." },
  ],
  async run(args, context) {
    const lines = new Map<number, { text: string; where: string }>();
    let identity: { sweep: string; jobs: number; where: string } | null = null;
    for (const file of args.positionals) {
      const text = readTextFile(path.resolve(context.cwd, file), file);
      text.split("\n").forEach((line, i) => {
        if (line.trim() === "") return;
        const where = `${file}:${i + 1}`;
        const head = readHead(line, where);
        if (identity === null) identity = { sweep: head.sweep, jobs: head.jobs, where };
        else if (head.sweep !== identity.sweep || head.jobs !== identity.jobs) {
          throw new CliError(`${where}: line of sweep ${head.sweep} (${head.jobs} jobs), but ${identity.where} is of sweep ${identity.sweep} (${identity.jobs} jobs); merge only shards of one sweep`, ExitCode.usage);
        }
        const previous = lines.get(head.job);
        if (previous !== undefined && previous.text !== line) throw new CliError(`${where}: job ${head.job} differs from the same job in ${previous.where}; were the shards run with different clustersim versions?`, ExitCode.usage);
        if (previous === undefined) lines.set(head.job, { text: line, where });
      });
    }
    if (identity === null) throw new CliError(`clustersim merge: the shard files hold no lines`, ExitCode.usage);
    const jobs = (identity as { jobs: number }).jobs;
    const missing: number[] = [];
    for (let job = 0; job < jobs; job++) if (!lines.has(job)) missing.push(job);
    if (missing.length > 0) {
      const shown = missing.slice(0, MISSING_SHOWN).join(", ") + (missing.length > MISSING_SHOWN ? ", …" : "");
      throw new CliError(`clustersim merge: ${missing.length} of ${jobs} jobs missing (${shown}); is a shard file missing or incomplete?`, ExitCode.usage);
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

/** The sweep identity and job number of a line. @throws CliError (exit 2) when it is not a sweep line. */
function readHead(line: string, where: string): { sweep: string; job: number; jobs: number } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CliError(`${where}: not a JSON line (is this a clustersim sweep file?)`, ExitCode.usage);
  }
  const head = value as { sweep?: unknown; job?: unknown; jobs?: unknown };
  if (typeof head.sweep !== "string" || !Number.isSafeInteger(head.job) || !Number.isSafeInteger(head.jobs) || (head.job as number) < 0 || (head.job as number) >= (head.jobs as number)) {
    throw new CliError(`${where}: not a clustersim sweep line (needs "sweep", "job" and "jobs")`, ExitCode.usage);
  }
  return { sweep: head.sweep, job: head.job as number, jobs: head.jobs as number };
}
