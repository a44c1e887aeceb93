/**
 * Kubernetes objects checked against the API's published schemas, with kubernetes-models (the
 * Kubernetes OpenAPI schemas compiled to validators, and TypeScript interfaces generated from the
 * same schemas), not hand-written rules.
 *
 * Two checks, because the OpenAPI schemas allow unknown properties while the API server (and
 * `kubectl apply`, strict by default since Kubernetes 1.27) rejects them:
 * - {@link kubernetesSchemaProblems}: the object's model validates it (types, enums, required
 *   fields, formats);
 * - {@link kubernetesTypeProblems}: the objects, as object literals `satisfies` their generated
 *   interfaces, type-check with tsc, whose excess-property check names any unknown field.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../../cli/test-support/run-cli";
import { runCommand, TSC } from "../../../build/test-support/package-fixture";

/** A Kubernetes object as read from YAML. */
export type KubernetesObject = Record<string, unknown>;

/** The model module of an apiVersion: "v1" -> kubernetes-models/v1, "batch/v1" -> kubernetes-models/batch/v1. */
function modelModule(object: KubernetesObject): string {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") throw new Error("not a Kubernetes object: no apiVersion or kind");
  return `kubernetes-models/${object.apiVersion}`;
}

/** Schema problems of one object (empty when valid), as kubernetes-models reports them. */
export async function kubernetesSchemaProblems(object: KubernetesObject): Promise<string[]> {
  const models = (await import(/* @vite-ignore */ modelModule(object))) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = models[object.kind as string];
  if (Model === undefined) return [`kubernetes-models has no ${object.kind as string} in ${object.apiVersion as string}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** tsc's diagnostics for the objects against their generated interfaces ("" when they fit). */
export async function kubernetesTypeProblems(objects: ReadonlyArray<{ where: string; value: KubernetesObject }>): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "clustersim-k8s-types-"));
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  const source = objects.flatMap(({ where, value }, i) => [
    `// ${where}`,
    `import type { I${value.kind as string} as Model${i} } from "${modelModule(value)}/${value.kind as string}";`,
    `export const object${i} = ${JSON.stringify(value, null, 2)} satisfies Model${i};`,
  ]);
  writeFileSync(path.join(dir, "manifests.ts"), `${source.join("\n")}\n`);
  const compilerOptions = { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022"], types: [], skipLibCheck: true };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["manifests.ts"] }));
  const checked = await runCommand(process.execPath, [TSC, "-p", dir], { cwd: dir });
  return checked.stdout + checked.stderr;
}
