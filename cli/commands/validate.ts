/**
 * `clustersim validate <files…>`: checks scenarios (syntax, schema, references, data files,
 * Prometheus sources, which it fetches) without running them. Every problem of every file is
 * printed as `file:line: path: message`, every note of the compile (recorded traffic fixed on
 * the way) as `file:line: path: note: message`; exit code 2 if any file has a problem.
 */
import { ExitCode, CliError } from "../exit-codes";
import type { Command } from "../command";
import { checkScenarioFetching } from "../scenario-sources";

export const validateCommand: Command = {
  name: "validate",
  summary: "Check scenario files and print every problem with its line and field path.",
  usage: "validate <files…> [options]",
  options: {
    set: { type: "string", multiple: true, valueName: "PATH=VALUE", description: "Check with an override applied, as run would." },
    "prometheus-url": { type: "string", valueName: "URL", description: "Prometheus server for a replay source: (instead of the scenario's)." },
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
        const prometheusUrl = args.string("prometheus-url");
        const checked = await checkScenarioFetching(file, { cwd: context.cwd, packageRoot: context.packageRoot, overrides: args.list("set"), signal: context.signal, notes: context.stderr, ...(prometheusUrl === undefined ? {} : { prometheusUrl }) });
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
