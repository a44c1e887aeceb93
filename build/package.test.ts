// The package as a user meets it (issue 19): `npm pack`, install the tarball into a fresh
// project outside this repository, type-check README's example against the installed types,
// run it in Node (same digest as this repository's own simulate), bundle a Web Worker that
// imports clustersim with Vite and run that bundle, and run `npx clustersim` from the install.
// README's GitHub workflow (the action in action.yml) and GitLab job run against the same
// tarball in a workspace outside this repository. One file packs once: packing rebuilds dist/,
// so two files packing at the same time would trip over each other.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ENGINE_VERSION, resultDigest, simulate } from "../engine";
import { freshProject, packRepository, runCommand, shortScenario, TSC, typesNodeSpec, VITE, type PackedPackage } from "./test-support/package-fixture";
import { parse } from "yaml";
import { actionInputs, runAction } from "./test-support/github-action";
import { packageVersion, readmeBlock } from "./test-support/readme";

let packed: PackedPackage;
beforeAll(async () => {
  packed = await packRepository(mkdtempSync(path.join(tmpdir(), "clustersim-pack-")));
});

describe("the clustersim package, installed from its tarball", () => {
  let project: string;

  beforeAll(async () => {
    project = await freshProject([packed.tarball, typesNodeSpec()]);
    mkdirSync(path.join(project, "capacity"));
    writeFileSync(path.join(project, "capacity/checkout.yaml"), shortScenario());
  });

  it("holds the built library, its types, the bin and the built-in scenarios, and no sources or tests", () => {
    const files = packed.files;
    for (const needed of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/index.js", "dist/types/index.d.ts", "dist/THIRD-PARTY-LICENSES.txt",
      "cli/clustersim.mjs", "build/out/cli/main.mjs", "build/out/cli/worker.mjs", "build/out/cli/THIRD-PARTY-LICENSES.txt", "scenarios/three-tier.yaml", "scenarios/scenario.schema.json"]) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((file) => /\.test\.|\.map$|^engine\/|^web\/|^bench\/|^deploy\/|scenarios\/validation\//.test(file))).toEqual([]);
    // What a user downloads (reported by the test so a jump shows in CI logs).
    console.log(`clustersim tarball: ${(packed.sizeBytes / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSizeBytes / 1024).toFixed(0)} KiB unpacked, ${files.length} files`);
    expect(packed.sizeBytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("is the version the engine reports, and needs no dependencies at run time", () => {
    const manifest = JSON.parse(readFileSync(path.join(project, "node_modules/clustersim/package.json"), "utf8"));
    expect(manifest.version).toBe(ENGINE_VERSION);
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.private).toBeUndefined();
    expect(readdirSync(path.join(project, "node_modules")).filter((name) => !name.startsWith(".")).sort()).toEqual(["@types", "clustersim", "undici-types"]);
  });

  it("type-checks README's example against the installed types (Node and bundler resolution) and runs it", async () => {
    writeFileSync(path.join(project, "check-capacity.ts"), readmeBlock("// check-capacity.ts"));
    // If the types resolved to `any` (a broken .d.ts path), this expected error would be unused.
    writeFileSync(path.join(project, "types-are-real.ts"), 'import { simulate } from "clustersim";\n// @ts-expect-error p99 is number | null\nexport const p99: string = simulate("").requests.latencyMs.p99;\n');
    for (const resolution of ["nodenext", "bundler"]) {
      const module = resolution === "nodenext" ? "nodenext" : "esnext";
      const tsconfig = { compilerOptions: { strict: true, module, moduleResolution: resolution, target: "es2022", lib: ["es2022"], types: ["node"], skipLibCheck: false, outDir: `out-${resolution}` }, files: ["check-capacity.ts", "types-are-real.ts"] };
      writeFileSync(path.join(project, `tsconfig.${resolution}.json`), JSON.stringify(tsconfig));
      const checked = await runCommand(process.execPath, [TSC, "-p", `tsconfig.${resolution}.json`], { cwd: project });
      expect(checked.stdout + checked.stderr, resolution).toBe("");
      expect(checked.code).toBe(0);
    }
    const ran = await runCommand(process.execPath, ["out-nodenext/check-capacity.js"], { cwd: project });
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const here = simulate(shortScenario(), { seed: 42, overrides: ["topology.groups.app.count=6"] });
    expect(ran.stdout).toContain(`digest ${resultDigest(here)}`);
  });

  it("bundles for a browser Web Worker with Vite, and the bundle computes the same Result", async () => {
    const web = path.join(project, "web");
    mkdirSync(web);
    writeFileSync(path.join(web, "index.html"), '<!doctype html><script type="module" src="./main.ts"></script>\n');
    writeFileSync(path.join(web, "main.ts"), 'const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });\nworker.onmessage = (event) => console.log(event.data);\n');
    writeFileSync(path.join(web, "worker.ts"), [
      'import { resultDigest, simulate } from "clustersim";',
      "self.onmessage = (event: MessageEvent<{ scenario: string; seed: number }>) => {",
      "  const result = simulate(event.data.scenario, { seed: event.data.seed });",
      "  self.postMessage({ digest: resultDigest(result) });",
      "};",
      "",
    ].join("\n"));
    // Rolldown warns when plugins take "significant time", which a loaded test machine triggers on
    // its own; that warning says nothing about the package, every other one fails the test.
    writeFileSync(path.join(web, "vite.config.mjs"), "export default { build: { rolldownOptions: { checks: { bundlerTimings: false } } } };\n");
    const built = await runCommand(process.execPath, [VITE, "build", web, "--logLevel", "warn"], { cwd: project });
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const assets = path.join(web, "dist/assets");
    const workerFile = readdirSync(assets).find((name) => name.startsWith("worker") && name.endsWith(".js"));
    expect(workerFile, readdirSync(assets).join(", ")).toBeDefined();
    const bundle = readFileSync(path.join(assets, workerFile!), "utf8");
    expect(bundle).not.toMatch(/\brequire\(|["']node:/);
    // Run the worker bundle with a stand-in for the worker global (no browser here; the browser
    // tests in web/e2e cover the real one): post it a scenario, read back the digest.
    const harness = path.join(project, "run-worker.mjs");
    writeFileSync(harness, [
      "const [bundle, scenarioFile] = process.argv.slice(2);",
      "globalThis.self = globalThis;",
      "globalThis.postMessage = (message) => process.stdout.write(JSON.stringify(message));",
      "await import(new URL(bundle, `file://${process.cwd()}/`).href);",
      'self.onmessage({ data: { scenario: (await import("node:fs")).readFileSync(scenarioFile, "utf8"), seed: 7 } });',
      "",
    ].join("\n"));
    cpSync(path.join(assets, workerFile!), path.join(project, "worker-bundle.mjs"));
    const ran = await runCommand(process.execPath, [harness, "./worker-bundle.mjs", "capacity/checkout.yaml"], { cwd: project });
    expect(ran.stderr).toBe("");
    expect(JSON.parse(ran.stdout)).toEqual({ digest: resultDigest(simulate(shortScenario(), { seed: 7 })) });
  });

  it("runs `npx clustersim` from the installed package", async () => {
    const version = await runCommand("npx", ["--no-install", "clustersim", "--version"], { cwd: project });
    expect(version.stdout).toMatch(new RegExp(`^clustersim ${packageVersion().replaceAll(".", "\\.")} \\(engine ${ENGINE_VERSION.replaceAll(".", "\\.")}, node `));
    const run = await runCommand("npx", ["--no-install", "clustersim", "run", "capacity/checkout.yaml", "--seed", "7", "--json", "-q"], { cwd: project });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(resultDigest(JSON.parse(run.stdout))).toBe(resultDigest(simulate(shortScenario(), { seed: 7 })));
    // A built-in scenario by name: the scenarios ship in the package.
    const list = await runCommand("npx", ["--no-install", "clustersim", "list"], { cwd: project });
    expect(list.stdout).toMatch(/^three-tier\s/m);
    // The scenario JSON Schema, for editors, is exported too.
    const schema = await runCommand(process.execPath, ["--input-type=module", "-e", 'const { default: s } = await import("clustersim/scenario.schema.json", { with: { type: "json" } }); console.log(s.title ?? s.description ?? Object.keys(s).join())'], { cwd: project });
    expect(schema.code, schema.stderr).toBe(0);
  });
});

describe("README's CI snippets, run outside this repository with the packed tarball", () => {
  /** A workspace (a user's checkout) holding the scenario README's snippets name. */
  function workspace(): { workspace: string; runnerTemp: string } {
    const root = mkdtempSync(path.join(tmpdir(), "clustersim-ci-"));
    mkdirSync(path.join(root, "work/capacity"), { recursive: true });
    mkdirSync(path.join(root, "temp"));
    writeFileSync(path.join(root, "work/capacity/checkout.yaml"), shortScenario());
    return { workspace: path.join(root, "work"), runnerTemp: path.join(root, "temp") };
  }

  it("runs the workflow's action step: reports written, outputs set, the job summary filled", async () => {
    const workflow = parse(readmeBlock("# .github/workflows/capacity.yml"));
    const steps = workflow.jobs.slo.steps as Array<{ id?: string; uses?: string; with?: Record<string, string>; if?: string }>;
    const step = steps.find((candidate) => candidate.uses?.includes("/clustersim@"))!;
    expect(step.uses).toMatch(new RegExp(`^[\\w-]+/clustersim@v${packageVersion().replaceAll(".", "\\.")}(\\s|$)`));
    for (const name of Object.keys(step.with!)) expect(Object.keys(actionInputs())).toContain(name);
    const where = workspace();
    const outcome = await runAction({ ...step.with, package: packed.tarball }, where);
    expect(outcome.code, outcome.log).toBe(0);
    expect(outcome.outputs).toEqual({ junit: path.join(where.workspace, "clustersim-junit.xml"), report: path.join(where.workspace, "clustersim-report.html"), "exit-code": "0", verdict: "pass" });
    expect(readFileSync(outcome.outputs.junit, "utf8")).toMatch(/<testsuites?[\s>]/);
    expect(readFileSync(outcome.outputs.report, "utf8")).toMatch(/^<!doctype html>/i);
    expect(outcome.summary).toMatch(/^### clustersim: capacity\/checkout\.yaml — pass\n```\n[\s\S]*seeds 42…49 \(8 replications\)[\s\S]*SLOs: 2 of 2 pass/);
    // The upload step keeps exactly the files the action wrote.
    const upload = steps.find((candidate) => candidate.uses?.startsWith("actions/upload-artifact"))!;
    expect(upload.if).toBe("always()");
    expect(String(upload.with!.path).trim().split("\n").map((p) => path.join(where.workspace, p))).toEqual([outcome.outputs.junit, outcome.outputs.report]);
  });

  it("gates on SLOs: fails the step when one is not met, or only warns with fail-on-slo: false; bad input is an error", async () => {
    const where = workspace();
    const strict = { scenario: "capacity/checkout.yaml", replications: 2, args: "--set slos[0].latency.below=20ms", package: packed.tarball };
    const gated = await runAction(strict, where);
    expect(gated.code).toBe(1);
    expect(gated.outputs.verdict).toBe("fail");
    expect(gated.log).toContain("::error title=SLO not met::capacity/checkout.yaml: an SLO is not met");
    expect(readFileSync(gated.outputs.junit, "utf8")).toContain("<failure");
    mkdirSync(path.join(where.workspace, "reports"));
    const warned = await runAction({ ...strict, "fail-on-slo": false, junit: "reports/slo.xml" }, where);
    expect(warned.code, warned.log).toBe(0);
    expect(warned.outputs).toMatchObject({ verdict: "fail", "exit-code": "1", junit: path.join(where.workspace, "reports/slo.xml") });
    expect(warned.log).toContain("::warning title=SLO not met::");
    const invalid = await runAction({ scenario: "capacity/missing.yaml", package: packed.tarball }, where);
    expect(invalid.code).toBe(2);
    expect(invalid.outputs).toMatchObject({ verdict: "error", "exit-code": "2", junit: "", report: "" });
  });

  it("runs the GitLab job's script: the reports its artifacts name are written", async () => {
    const job = parse(readmeBlock("# .gitlab-ci.yml")).capacity as { script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } };
    const spec = `npx --yes clustersim@${packageVersion()} `;
    const where = workspace();
    for (const line of job.script) {
      expect(line.startsWith(spec), line).toBe(true);
      const outcome = await runCommand("bash", ["-eo", "pipefail", "-c", `npx --yes --package=${packed.tarball} clustersim ${line.slice(spec.length)}`], { cwd: where.workspace });
      expect(outcome.code, outcome.stderr).toBe(0);
    }
    expect(job.artifacts.when).toBe("always");
    expect(job.artifacts.paths).toContain(job.artifacts.reports.junit);
    for (const file of job.artifacts.paths) expect(existsSync(path.join(where.workspace, file)), file).toBe(true);
  });
});
