/**
 * `clustersim validate <files…>`: checks scenarios (syntax, schema, references, data files)
 * without running them. Every problem of every file is printed as `file:line: path: message`;
 * exit code 2 if any file has one.
 */
import { ExitCode, CliError } from "../exit-codes";
import type { Command } from "../command";
import { checkScenario } from "../scenario-input";

export const validateCommand: Command = {
  name: "validate",
  summary: "Check scenario files and print every problem with its line and field path.",
  usage: "validate <files…> [options]",
  options: {
    set: { type: "string", multiple: true, valueName: "PATH=VALUE", description: "Check with an override applied, as run would." },
    quiet: { type: "boolean", short: "q", description: "Print nothing for valid files." },
  },
  positionals: { min: 1, max: Infinity, name: "<files…>" },
  examples: [
    { command: "clustersim validate scenarios/*.yaml", note: "Check every example scenario; exit 2 if any is invalid." },
    { command: "clustersim validate my.yaml --set topology.groups.web.count=0", note: "See what an override would break." },
  ],
  async run(args, context) {
    let invalid = 0;
    for (const file of args.positionals) {
      try {
        const checked = checkScenario(file, { cwd: context.cwd, packageRoot: context.packageRoot, overrides: args.list("set") });
        if (!args.flag("quiet")) context.stdout.write(`${checked.input.displayName}: ok (${checked.scenario.name})\n`);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        invalid += 1;
        for (const line of error.lines) context.stderr.write(`${line}\n`);
      }
    }
    if (invalid > 0) context.stderr.write(`${invalid} of ${args.positionals.length} file${args.positionals.length === 1 ? "" : "s"} invalid\n`);
    return invalid > 0 ? ExitCode.usage : ExitCode.ok;
  },
};
