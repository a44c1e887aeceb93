/**
 * `clustersim import k8s FILES…` and `clustersim import compose FILE`: a scenario skeleton
 * from what a cluster already says about itself (cli/import/). The skeleton goes to stdout or
 * `-o FILE` (written atomically); what was skipped goes to stderr, one line per manifest and
 * field. Exit 0 when a skeleton was written, 2 when the input could not be read.
 */
import path from "node:path";
import type { Command } from "../command";
import { CliError, ExitCode, usageError } from "../exit-codes";
import { readTextFile, writeFilesAtomically } from "../files";
import type { Skipped } from "../import/k8s-objects";
import { renderSkeleton, scenarioName, type Skeleton } from "../import/skeleton";

/** The `import` command. */
export const importCommand: Command = {
  name: "import",
  summary: "Write a scenario skeleton from Kubernetes manifests or a Compose file.",
  usage: "import <k8s|compose> <files…> [options]",
  details: [
    "k8s: Deployments and StatefulSets (replicas, CPU requests, zone affinity and spread), Services,",
    "HorizontalPodAutoscalers, rolling-update strategies and PodDisruptionBudgets, readiness probes;",
    "multi-document files and `helm template` output. compose: services, deploy.replicas, healthcheck,",
    "update_config, depends_on as a call sketch. Service times and traffic are placeholders (FILL ME)",
    "that clustersim validate lists until they are filled. Skipped objects and fields go to stderr.",
  ].join("\n"),
  options: {
    out: { type: "string", short: "o", valueName: "FILE", description: "Write the skeleton to FILE instead of stdout." },
    name: { type: "string", valueName: "NAME", description: "The scenario's name (default: from the first file or the Compose project)." },
  },
  positionals: { min: 2, max: Infinity, name: "<k8s|compose> <files…>" },
  examples: [
    { command: "clustersim import k8s deploy/*.yaml -o shop.yaml", note: "A skeleton from the manifests; then fill the FILL ME placeholders and validate." },
    { command: "helm template shop ./chart | clustersim import k8s - -o shop.yaml", note: "Helm-rendered manifests from stdin (-)." },
    { command: "clustersim import compose compose.yaml -o shop.yaml", note: "A skeleton from a Compose file." },
  ],
  async run(args, context) {
    const [kind, ...files] = args.positionals;
    if (kind !== "k8s" && kind !== "compose") throw usageError("import", `the first argument is k8s or compose, got ${JSON.stringify(kind)}`);
    if (kind === "compose" && files.length !== 1) throw usageError("import", `compose takes one file, got ${files.length}`);
    const inputs: Array<{ name: string; text: string }> = [];
    for (const file of files) inputs.push({ name: file, text: file === "-" ? await readStdin() : readTextFile(path.resolve(context.cwd, file), file) });
    const nameOption = args.string("name");
    const { skeleton, skipped } = kind === "k8s" ? await fromKubernetes(inputs, nameOption) : await fromCompose(inputs[0]!, nameOption);
    const outPath = args.string("out");
    const schemaFile = path.join(context.packageRoot, "scenarios/scenario.schema.json");
    const schemaPath = path.relative(outPath === undefined ? context.cwd : path.dirname(path.resolve(context.cwd, outPath)), schemaFile);
    const text = renderSkeleton(skeleton, { schemaPath });
    if (outPath === undefined) context.stdout.write(text);
    else writeFilesAtomically([{ path: path.resolve(context.cwd, outPath), text }]);
    reportSkipped(skipped, context.stderr);
    context.stderr.write(`clustersim import: ${skeleton.groups.length} groups, ${skeleton.services.length} services${outPath === undefined ? "" : ` -> ${outPath}`}; fill the FILL ME placeholders, then clustersim validate\n`);
    return ExitCode.ok;
  },
};

/** The text of stdin (for `helm template … | clustersim import k8s -`), read as a stream: it may be a pipe or a socket. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function fromKubernetes(inputs: ReadonlyArray<{ name: string; text: string }>, name: string | undefined): Promise<{ skeleton: Skeleton; skipped: Skipped[] }> {
  // Loaded on demand: the Kubernetes models and validators cost start-up time other commands do not need.
  const { readManifests } = await import("../import/k8s-objects");
  const { importKubernetes } = await import("../import/k8s-import");
  const read = readManifests(inputs);
  if (!read.ok) throw new CliError(read.problems, ExitCode.usage);
  const found = read.objects.deployments.length + read.objects.statefulSets.length;
  if (found === 0) throw new CliError(`clustersim import: no Deployment or StatefulSet in ${inputs.map((i) => i.name).join(", ")}: nothing to make node groups of`, ExitCode.usage);
  const fallback = inputs[0]!.name === "-" ? "imported" : path.basename(inputs[0]!.name).replace(/\.(ya?ml|json)$/, "");
  return importKubernetes(read.objects, { name: scenarioName(name ?? fallback), sources: inputs.map((i) => i.name) });
}

async function fromCompose(input: { name: string; text: string }, name: string | undefined): Promise<{ skeleton: Skeleton; skipped: Skipped[] }> {
  const { importCompose } = await import("../import/compose-import");
  const imported = importCompose(input.text, { file: input.name, ...(name === undefined ? {} : { name }) });
  if (!imported.ok) throw new CliError(imported.problems, ExitCode.usage);
  return imported;
}

/** One line per skipped thing: `shop.yaml (document 3, HorizontalPodAutoscaler/web): spec.metrics[1]: why`. */
function reportSkipped(skipped: readonly Skipped[], stderr: { write(text: string): void }): void {
  if (skipped.length === 0) return;
  stderr.write(`clustersim import: skipped ${skipped.length} thing${skipped.length === 1 ? "" : "s"} the model does not use:\n`);
  for (const item of skipped) stderr.write(`  ${item.origin}: ${item.path === "" ? "" : `${item.path}: `}${item.why}\n`);
}
