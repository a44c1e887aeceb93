/**
 * `clustersim list`: the built-in scenarios (scenarios/*.yaml, then scenarios/lessons/*.yaml)
 * with the one-line `description:` of each. A file that does not parse is listed with its
 * problem rather than hidden.
 */
import path from "node:path";
import { parseScenarioText } from "../../engine";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { readTextFile } from "../files";
import { formatColumns } from "../format/text";
import { builtInScenarioDirs, yamlFilesIn } from "../scenario-input";

export const listCommand: Command = {
  name: "list",
  summary: "List the built-in scenarios with one-line descriptions.",
  usage: "list [options]",
  options: {
    paths: { type: "boolean", description: "Show file paths instead of names." },
  },
  positionals: { min: 0, max: 0, name: "" },
  examples: [
    { command: "clustersim list", note: "Names to pass to clustersim run, and what each scenario shows." },
  ],
  async run(args, context) {
    const rows: string[][] = [];
    for (const dir of builtInScenarioDirs(context.packageRoot)) {
      for (const file of yamlFilesIn(dir)) {
        const name = path.basename(file).replace(/\.ya?ml$/, "");
        const shown = args.flag("paths") ? path.relative(context.cwd, file) : path.relative(path.join(context.packageRoot, "scenarios"), file).replace(/\.ya?ml$/, "");
        rows.push([shown || name, describe(file)]);
      }
    }
    if (rows.length === 0) {
      context.stderr.write(`no scenarios found in ${path.join(context.packageRoot, "scenarios")}\n`);
      return ExitCode.ok;
    }
    context.stdout.write(formatColumns(rows));
    return ExitCode.ok;
  },
};

/** The first line of a scenario's `description:`, or why there is none. */
function describe(file: string): string {
  const parsed = parseScenarioText(readTextFile(file), { fileName: file });
  if (!parsed.ok) return "(does not parse; run clustersim validate on it)";
  const description = (parsed.data as { description?: unknown }).description;
  if (typeof description !== "string" || description.trim() === "") return "(no description)";
  return description.trim().split("\n")[0];
}
