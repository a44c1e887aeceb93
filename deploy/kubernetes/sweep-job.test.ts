// The Kubernetes sweep deploys as written: every manifest here validates against the Kubernetes
// API's published schemas (kubernetes-models: the OpenAPI schemas compiled to validators, plus
// its generated TypeScript interfaces for the unknown fields that `kubectl apply` rejects); the
// Job says what issue 19 asks of it; and README's commands run: the Job's arguments for every
// index (the image's entrypoint is the bin), then merge.sh as README gives it, with a stand-in
// kubectl serving those outputs as pod logs, give exactly the file of an unsharded sweep.
import { appendFileSync, chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { BIN, freshDir, REPO_ROOT, runCliAsync } from "../../cli/test-support/run-cli";
import { readmeBlock, packageVersion } from "../../build/test-support/readme";
import { kubernetesSchemaProblems, kubernetesTypeProblems } from "./test-support/kubernetes-schemas";
import { runCommand } from "../../build/test-support/package-fixture";

const DIR = path.join(REPO_ROOT, "deploy/kubernetes");
const manifests = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name)).sort();
const documents = manifests.flatMap((name) => parseAllDocuments(readFileSync(path.join(DIR, name), "utf8")).map((doc, i) => ({ where: `${name}#${i}`, value: doc.toJS() as Record<string, unknown> })));
const job = documents.find((doc) => doc.value.kind === "Job")!.value as any;
const pod = job.spec.template.spec;
const container = pod.containers[0];

describe("the Kubernetes manifests", () => {
  it("validate against the Kubernetes API schemas", async () => {
    expect(manifests).toContain("sweep-job.yaml");
    for (const doc of documents) expect(await kubernetesSchemaProblems(doc.value), doc.where).toEqual([]);
    // The validator does reject what the API would.
    const wrong = structuredClone(job);
    wrong.spec.podFailurePolicy.rules[0].action = "Retry";
    wrong.spec.completions = "4";
    const problems = await kubernetesSchemaProblems(wrong);
    expect(problems.join("\n")).toMatch(/completions must be integer/);
  });

  it("have no field the API does not know (kubectl apply's strict validation)", async () => {
    expect(await kubernetesTypeProblems(documents)).toBe("");
    // The check sees a misspelt field: it is not vacuous.
    const typo = structuredClone(job);
    typo.spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem = true;
    expect(await kubernetesTypeProblems([{ where: "typo", value: typo }])).toMatch(/readOnlyRootFilesytem/);
  });

  it("fail the Job at once on exit 2 or 3, rerun evicted pods without counting them, retry per index", () => {
    expect(job.spec.completionMode).toBe("Indexed");
    expect(pod.restartPolicy).toBe("Never");
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: "FailJob", onExitCodes: { containerName: container.name, operator: "In", values: [2, 3] } },
      { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
    ]);
    expect(job.spec.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    expect(job.spec.maxFailedIndexes).toBe(0);
    expect(job.spec.backoffLimit).toBeUndefined();
    // Long enough for merge.sh to read the logs; it is what deletes the pods.
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThanOrEqual(3600);
  });

  it("run restricted: non-root as the image's user, read-only, no capabilities, no token", () => {
    const user = /^USER (\d+):(\d+)$/m.exec(readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8"));
    expect(user).not.toBeNull();
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: Number(user![1]), runAsGroup: Number(user![2]), seccompProfile: { type: "RuntimeDefault" } });
    expect(Number(user![1])).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    // No shared volume: the shards travel in the pod logs.
    expect(pod.volumes.map((volume: { name: string }) => Object.keys(volume).filter((key) => key !== "name"))).toEqual([["configMap"]]);
    expect(documents.map((doc) => doc.value.kind)).not.toContain("PersistentVolumeClaim");
  });

  it("run the image's entrypoint with one shard per index, a CPU request equal to --workers, the package's version", () => {
    expect(container.command).toBeUndefined();
    expect(readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8")).toMatch(/^ENTRYPOINT \["clustersim"\]$/m);
    const count = container.env.find((e: { name: string }) => e.name === "CLUSTERSIM_SHARD_COUNT").value;
    expect(Number(count)).toBe(job.spec.completions);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    const args: string[] = container.args;
    expect(args[args.indexOf("--out") + 1]).toBe("-");
    expect(args).toContain("--quiet");
    expect(container.resources.requests.cpu).toBe(args[args.indexOf("--workers") + 1]);
    expect(container.image).toMatch(new RegExp(`:${packageVersion().replaceAll(".", "\\.")}$`));
  });
});

describe("README's Kubernetes commands", () => {
  const block = readmeBlock("# build the image, run the sweep, merge its shards").trim().split("\n").slice(1);

  it("build the image the Job names and feed it the ConfigMap the Job mounts", () => {
    expect(block[0]).toBe(`docker build -t ${container.image} . && docker push ${container.image}`);
    const configMap = pod.volumes.find((volume: { configMap?: unknown }) => volume.configMap).configMap.name;
    const mountPath = container.volumeMounts[0].mountPath;
    expect(block[1]).toBe(`kubectl create configmap ${configMap} --from-file=scenario.yaml=capacity/checkout.yaml`);
    expect(container.args[1]).toBe(`${mountPath}/scenario.yaml`);
    expect(block[2]).toBe("kubectl apply -f deploy/kubernetes/sweep-job.yaml");
    expect(readFileSync(path.join(DIR, "merge.sh"), "utf8")).toContain(`npx --yes clustersim@${packageVersion()}`);
  });

  it("run the Job's arguments for every index, then merge.sh merges the pod logs into the unsharded sweep's file", async () => {
    const dir = freshDir("clustersim-k8s-");
    copyFileSync(path.join(REPO_ROOT, "scenarios/three-tier.yaml"), path.join(dir, "scenario.yaml"));
    // The pod's arguments, with the ConfigMap's file at its place here; appended options (the
    // last value wins) make it quick: 1 simulated second, 1 replication.
    const args = (container.args as string[]).map((arg) => arg.replace("/scenario/scenario.yaml", path.join(dir, "scenario.yaml")));
    const quick = ["--duration", "1s", "--set", "run.warmup=0s", "--replications", "1"];
    const count = Number(container.env[0].value);
    const [whole, ...shards] = await Promise.all([
      runCliAsync([...args, ...quick]),
      ...Array.from({ length: count }, (_, index) => runCliAsync([...args, ...quick], { env: { JOB_COMPLETION_INDEX: String(index), CLUSTERSIM_SHARD_COUNT: String(count) } })),
    ]);
    for (const outcome of [whole, ...shards]) expect(outcome.code, outcome.stderr).toBe(0);
    for (const outcome of shards) expect(outcome.stderr).toBe("");
    // 4 x 3 grid points, 1 replication: shard 3 of 4 runs jobs 3, 7 and 11 after its header.
    expect(shards[3].stdout.trimEnd().split("\n").map((line) => JSON.parse(line).job)).toEqual([undefined, 3, 7, 11]);

    const kubectl = fakeKubectl(dir, { job: job.metadata.name, container: container.name, completions: job.spec.completions, logs: shards.map((shard) => shard.stdout) });
    symlinkSync(path.join(REPO_ROOT, "deploy"), path.join(dir, "deploy"));
    const env = { ...process.env, PATH: `${kubectl.binDir}:${process.env.PATH}`, CLUSTERSIM: `${process.execPath} ${BIN}` };
    const merged = await runCommand("bash", ["-c", block[3]], { cwd: dir, env });
    expect(merged.stderr).toBe("merged 12 lines from 4 files into sweep.jsonl\n");
    expect(merged.code).toBe(0);
    expect(readFileSync(path.join(dir, "sweep.jsonl"), "utf8")).toBe(whole.stdout);
    const calls = readFileSync(kubectl.callsFile, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line).join(" "));
    expect(calls.filter((call) => call.startsWith("logs "))).toEqual([0, 1, 2, 3].map((i) => `logs pod/clustersim-sweep-${i}-x7k2p --container shard`));
    expect(calls.filter((call) => call.startsWith("get pods ")).every((call) => call.includes("--field-selector=status.phase=Succeeded"))).toBe(true);
  });
});

/**
 * A stand-in for kubectl that answers merge.sh's calls for a finished Indexed Job: the Job is
 * Complete, each index has one succeeded pod, and `kubectl logs` of it prints the given output.
 * Every call is recorded (JSON argv per line).
 */
function fakeKubectl(dir: string, job: { job: string; container: string; completions: number; logs: string[] }): { binDir: string; callsFile: string } {
  const binDir = path.join(dir, "bin");
  mkdirSync(binDir);
  const callsFile = path.join(dir, "kubectl-calls.jsonl");
  writeFileSync(path.join(dir, "kubectl-fixture.json"), JSON.stringify(job));
  writeFileSync(path.join(binDir, "kubectl"), `#!${process.execPath}
const { appendFileSync, readFileSync } = require("node:fs");
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(callsFile)}, JSON.stringify(args) + "\\n");
const job = JSON.parse(readFileSync(${JSON.stringify(path.join(dir, "kubectl-fixture.json"))}, "utf8"));
const output = args.includes("-o") ? args[args.indexOf("-o") + 1] : "";
if (args[0] === "get" && args[1] === "job" && args[2] === job.job) {
  if (output.includes(".status.conditions")) process.stdout.write("SuccessCriteriaMet Complete");
  else if (output === "jsonpath={.spec.completions}") process.stdout.write(String(job.completions));
  else process.exit(1);
} else if (args[0] === "get" && args[1] === "pods") {
  const index = /batch\\.kubernetes\\.io\\/job-completion-index=(\\d+)/.exec(args[args.indexOf("-l") + 1])[1];
  process.stdout.write(job.job + "-" + index + "-x7k2p");
} else if (args[0] === "logs" && args.includes("--container") && args[args.indexOf("--container") + 1] === job.container) {
  process.stdout.write(job.logs[Number(/-(\\d+)-x7k2p$/.exec(args[1])[1])]);
} else {
  process.stderr.write("fake kubectl: unexpected call " + args.join(" ") + "\\n");
  process.exit(1);
}
`);
  chmodSync(path.join(binDir, "kubectl"), 0o755);
  appendFileSync(callsFile, "");
  return { binDir, callsFile };
}
