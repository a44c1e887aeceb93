/**
 * A scenario skeleton, the common result of `import k8s` and `import compose`, and its YAML.
 *
 * What the sources say becomes scenario fields (groups, balancers, health checks, autoscaling,
 * rolling updates, zones, a call-graph sketch), each with a comment naming where it came from.
 * What they cannot say — how long a request takes at each service, how much traffic arrives —
 * is a placeholder: a string starting with {@link PLACEHOLDER} that `clustersim validate`
 * rejects with its field path, so a skeleton never runs on invented numbers, and passes once
 * every placeholder is filled.
 */
import { Document, isMap, isPair, isScalar, isSeq, type Node } from "yaml";

/** The start of every placeholder value. */
export const PLACEHOLDER = "FILL ME";

/** A duration or share as the scenario writes it ("30s", "25%") or a node count. */
export type Budget = number | string;

/** A node group: one Deployment, StatefulSet or Compose service. */
export interface SkeletonGroup {
  name: string;
  count: number;
  cores: number;
  memory?: string;
  /** Zones to spread over (default: all). */
  zones?: string[];
  /** Where it came from and what was assumed. */
  notes: string[];
}

/** A scenario service: a Kubernetes Service or a Compose service. */
export interface SkeletonService {
  name: string;
  groups: string[];
  policy: "random" | "hash" | "round-robin";
  healthCheck?: { interval: string; timeout: string; unhealthyThreshold: number; healthyThreshold: number };
  notes: string[];
}

/** A sketched call: a service and the calls it makes. */
export interface CallSketch {
  service: string;
  calls: CallSketch[];
}

/** Everything an import found. */
export interface Skeleton {
  name: string;
  /** Header comment lines: what was imported from. */
  header: string[];
  regions: Array<{ name: string; zones: string[] }>;
  zoneNotes: string[];
  groups: SkeletonGroup[];
  services: SkeletonService[];
  /** One request class per entry point, with its call sketch. */
  entries: CallSketch[];
  callNotes: string[];
  autoscaling: Array<{ group: string; min: number; max: number; utilisation: string; stabilisation: { up: string; down: string }; notes: string[] }>;
  rollingUpdates: Array<{ group: string; maxUnavailable: Budget; maxSurge: Budget; notes: string[] }>;
}

/** A lowercase scenario name from a manifest name: `Web_API.v2` -> `web-api-v2`. */
export function scenarioName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+/, "").replace(/-+$/, "").replace(/-{2,}/g, "-");
  return cleaned === "" ? "imported" : cleaned;
}

/** Bytes as the scenario writes a size: whole GiB when exact, else MiB rounded up. */
export function sizeText(bytes: number): string {
  return bytes % 2 ** 30 === 0 ? `${bytes / 2 ** 30}GiB` : `${Math.ceil(bytes / 2 ** 20)}MiB`;
}

/** The scenario as plain data, in schema key order, placeholders included. */
function scenarioData(skeleton: Skeleton): Record<string, unknown> {
  const data: Record<string, unknown> = {
    version: 1,
    name: skeleton.name,
    description: `Imported from ${skeleton.header[0] ?? "manifests"}; fill the placeholders (${PLACEHOLDER}).`,
    run: { duration: "1h", warmup: "2m" },
    topology: {
      regions: skeleton.regions,
      groups: skeleton.groups.map((g) => ({ name: g.name, count: g.count, cores: g.cores, ...(g.zones === undefined ? {} : { zones: g.zones }), ...(g.memory === undefined ? {} : { memory: g.memory }) })),
    },
    services: skeleton.services.map((s) => ({
      name: s.name,
      groups: s.groups,
      balancer: { policy: s.policy, ...(s.healthCheck === undefined ? {} : { healthCheck: s.healthCheck }) },
      serviceTime: `${PLACEHOLDER}: time per request at ${s.name}, e.g. 20ms or { type: lognormal, median: 20ms, p99: 150ms }`,
    })),
    workload: {
      rate: { constant: `${PLACEHOLDER}: requests per second arriving, e.g. 200/s` },
      classes: skeleton.entries.map((entry) => ({ name: scenarioName(`via-${entry.service}`), weight: 1, call: callData(entry) })),
    },
  };
  if (skeleton.autoscaling.length > 0) {
    data.autoscaling = skeleton.autoscaling.map((a) => ({ group: a.group, min: a.min, max: a.max, target: { utilisation: a.utilisation }, stabilisation: a.stabilisation }));
  }
  if (skeleton.rollingUpdates.length > 0) {
    data.rollingUpdates = skeleton.rollingUpdates.map((u) => ({ group: u.group, at: "30m", maxUnavailable: u.maxUnavailable, maxSurge: u.maxSurge }));
  }
  return data;
}

function callData(call: CallSketch): Record<string, unknown> {
  return call.calls.length === 0 ? { service: call.service } : { service: call.service, calls: call.calls.map(callData) };
}

/** Sets `comment` before the node at `path` (a map value, or a list item). */
function commentBefore(document: Document, path: ReadonlyArray<string | number>, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const text = lines.map((line) => ` ${line}`).join("\n");
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
    if (pair !== undefined && isScalar(pair.key)) pair.key.commentBefore = text;
  } else if (isSeq(parent)) {
    const item = parent.items[last as number] as Node | undefined;
    if (item !== undefined) item.commentBefore = text;
  }
}

/** Writes short objects on one line (`{ name: web, count: 3, cores: 2 }`). */
function flow(document: Document, path: ReadonlyArray<string | number>): void {
  const node = document.getIn(path, true) as { flow?: boolean } | undefined;
  if (node !== undefined) node.flow = true;
}

/**
 * The skeleton as commented YAML: `schemaPath` for the editor's `# yaml-language-server`
 * line, header comments, and a comment at each field saying where it came from.
 */
export function renderSkeleton(skeleton: Skeleton, options: { schemaPath: string }): string {
  const document = new Document(scenarioData(skeleton));
  document.commentBefore = [
    ` yaml-language-server: $schema=${options.schemaPath}`,
    ...skeleton.header.map((line) => ` ${line}`),
    ` What the sources cannot say is a placeholder starting "${PLACEHOLDER}": service times and traffic.`,
    " clustersim validate lists each one until it is filled; then the scenario runs.",
  ].join("\n");
  commentBefore(document, ["run"], ["How long to simulate; the rolling updates below start at 30m."]);
  commentBefore(document, ["topology", "regions"], skeleton.zoneNotes);
  skeleton.groups.forEach((group, g) => {
    flow(document, ["topology", "groups", g]);
    commentBefore(document, ["topology", "groups", g], group.notes);
  });
  skeleton.services.forEach((service, s) => {
    commentBefore(document, ["services", s], service.notes);
    flow(document, ["services", s, "groups"]);
    if (service.healthCheck !== undefined) flow(document, ["services", s, "balancer", "healthCheck"]);
    commentBefore(document, ["services", s, "serviceTime"], ["PLACEHOLDER: the manifests do not say how long a request takes here (measure it: tracing, access logs)."]);
  });
  commentBefore(document, ["workload", "rate"], ["PLACEHOLDER: the traffic (a constant, a diurnal curve, or replay from Prometheus: see README)."]);
  commentBefore(document, ["workload", "classes"], ["Request classes, one per entry point; their shares (weight) and call paths are a sketch to check:", ...skeleton.callNotes]);
  skeleton.autoscaling.forEach((a, i) => commentBefore(document, ["autoscaling", i], a.notes));
  skeleton.rollingUpdates.forEach((u, i) => {
    flow(document, ["rollingUpdates", i]);
    commentBefore(document, ["rollingUpdates", i], u.notes);
  });
  return document.toString({ lineWidth: 0 });
}
