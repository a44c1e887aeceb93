/**
 * Kubernetes manifests read into typed objects: every YAML document of every file (`---`
 * separated, as `helm template` prints them; a `kind: List`'s items), and each object of a kind
 * the importer uses built with its kubernetes-models class (the interfaces and validators
 * generated from the Kubernetes OpenAPI schemas) and validated against the API's schema. An
 * object of another kind, or one that fails validation, is skipped and reported with its file,
 * document and name.
 */
import { Deployment, StatefulSet, type IDeployment, type IStatefulSet } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler as HpaV1, type IHorizontalPodAutoscaler as IHpaV1 } from "kubernetes-models/autoscaling/v1";
import { HorizontalPodAutoscaler as HpaV2, type IHorizontalPodAutoscaler as IHpaV2 } from "kubernetes-models/autoscaling/v2";
import { Ingress, type IIngress } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget, type IPodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Service, type IService } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";

/** Where an object came from, for reports: `shop.yaml (document 3, Deployment/web)`. */
export interface Origin {
  file: string;
  /** 1-based index of the YAML document in the file. */
  document: number;
  kind: string;
  name: string;
}

/** Something the importer left out: where, which field, why. */
export interface Skipped {
  origin: string;
  /** Field path inside the object, e.g. `spec.metrics[1]`; "" for the whole object. */
  path: string;
  why: string;
}

/** An object with its origin. */
export interface Located<T> {
  origin: Origin;
  object: T;
}

/** The objects the importer reads, typed; everything else is in `skipped`. */
export interface ManifestObjects {
  deployments: Array<Located<IDeployment>>;
  statefulSets: Array<Located<IStatefulSet>>;
  services: Array<Located<IService>>;
  /** autoscaling/v2 and v1 HPAs (v1 only has a CPU utilisation target). */
  hpas: Array<Located<IHpaV2 | IHpaV1>>;
  pdbs: Array<Located<IPodDisruptionBudget>>;
  ingresses: Array<Located<IIngress>>;
  skipped: Skipped[];
}

/** The models the importer builds, by `apiVersion/kind`. */
const MODELS: Record<string, { model: new (data: never) => { validate(): void }; list: keyof Omit<ManifestObjects, "skipped"> }> = {
  "apps/v1/Deployment": { model: Deployment, list: "deployments" },
  "apps/v1/StatefulSet": { model: StatefulSet, list: "statefulSets" },
  "v1/Service": { model: Service, list: "services" },
  "autoscaling/v2/HorizontalPodAutoscaler": { model: HpaV2, list: "hpas" },
  "autoscaling/v1/HorizontalPodAutoscaler": { model: HpaV1, list: "hpas" },
  "policy/v1/PodDisruptionBudget": { model: PodDisruptionBudget, list: "pdbs" },
  "networking.k8s.io/v1/Ingress": { model: Ingress, list: "ingresses" },
};

/** `shop.yaml (document 3, Deployment/web)`. */
export function describeOrigin(origin: Origin): string {
  return `${origin.file} (document ${origin.document}, ${origin.kind}/${origin.name})`;
}

/**
 * Reads manifests: `files` are `{ name, text }` (name as the user wrote it). YAML syntax errors
 * are returned as problems (`file:line: message`); objects are typed or skipped.
 */
export function readManifests(files: ReadonlyArray<{ name: string; text: string }>): { ok: true; objects: ManifestObjects } | { ok: false; problems: string[] } {
  const objects: ManifestObjects = { deployments: [], statefulSets: [], services: [], hpas: [], pdbs: [], ingresses: [], skipped: [] };
  const problems: string[] = [];
  for (const file of files) {
    const documents = parseAllDocuments(file.text);
    if (!Array.isArray(documents)) continue; // an empty file
    documents.forEach((document, d) => {
      for (const error of document.errors) {
        const line = error.linePos?.[0]?.line;
        problems.push(`${file.name}${line === undefined ? "" : `:${line}`}: ${error.message.split("\n")[0]}`);
      }
      if (document.errors.length > 0) return;
      const value: unknown = document.toJS();
      for (const item of listItems(value)) addObject(objects, item, { file: file.name, document: d + 1 });
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, objects };
}

/** A document's objects: itself, a List's items, nothing for an empty document. */
function listItems(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  const object = value as { kind?: unknown; items?: unknown };
  if (typeof object.kind === "string" && object.kind.endsWith("List") && Array.isArray(object.items)) return object.items;
  return [value];
}

/** Types and validates one object, or records why it was skipped. */
function addObject(objects: ManifestObjects, value: unknown, at: { file: string; document: number }): void {
  const raw = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
  const kind = typeof raw.kind === "string" ? raw.kind : "?";
  const name = typeof raw.metadata?.name === "string" ? raw.metadata.name : "?";
  const origin: Origin = { ...at, kind, name };
  if (typeof value !== "object" || typeof raw.apiVersion !== "string" || typeof raw.kind !== "string") {
    objects.skipped.push({ origin: `${at.file} (document ${at.document})`, path: "", why: "not a Kubernetes object (no apiVersion and kind)" });
    return;
  }
  const entry = MODELS[`${raw.apiVersion}/${raw.kind}`];
  if (entry === undefined) {
    const known = Object.keys(MODELS).some((key) => key.endsWith(`/${kind}`));
    const why = known ? `${raw.apiVersion} is not read (use ${Object.keys(MODELS).filter((key) => key.endsWith(`/${kind}`)).map((key) => key.slice(0, -kind.length - 1)).join(" or ")})` : "not part of the simulation model";
    objects.skipped.push({ origin: describeOrigin(origin), path: "", why });
    return;
  }
  try {
    const model = new entry.model(value as never);
    model.validate();
    (objects[entry.list] as Array<Located<unknown>>).push({ origin, object: model as unknown });
  } catch (error) {
    objects.skipped.push({ origin: describeOrigin(origin), path: "", why: `does not match the Kubernetes schema: ${(error as Error).message}` });
  }
}
