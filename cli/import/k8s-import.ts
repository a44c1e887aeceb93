/**
 * Kubernetes objects to a scenario skeleton:
 * - a Deployment or StatefulSet is a node group: one node per pod (`replicas`), cores from the
 *   containers' CPU requests (rounded up: a node serves whole requests in parallel), memory
 *   from their memory requests, zones from zone node affinity (a topology spread over zones
 *   spreads it over all zones);
 * - a Service is a scenario service over the groups whose pod labels it selects, balanced at
 *   random (kube-proxy's iptables mode; `hash` with ClientIP session affinity); a readiness
 *   probe is its balancer's health check;
 * - a HorizontalPodAutoscaler is an autoscaler (min, max, CPU utilisation target, behaviour
 *   stabilisation windows);
 * - a Deployment's rolling-update strategy is a rolling update; a StatefulSet's rolls one pod
 *   at a time, or as its PodDisruptionBudget allows (the budget node drains respect);
 * - the entry points are the Services an Ingress routes to (else LoadBalancer and NodePort
 *   Services, else the first), and a container env var naming another Service sketches a call.
 * Whatever else a manifest says is reported as skipped, with its field path.
 */
import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { IPodSpec, IProbe } from "kubernetes-models/v1";
import { describeOrigin, type Located, type ManifestObjects, type Skipped } from "./k8s-objects";
import { scenarioName, sizeText, type Budget, type Skeleton, type SkeletonGroup, type SkeletonService } from "./skeleton";
import { sketchCalls } from "./call-sketch";

const ZONE_LABELS = ["topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"];
const REGION_LABELS = ["topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"];

/** A Deployment or StatefulSet with what the importer needs. */
interface Workload {
  origin: string;
  kind: "Deployment" | "StatefulSet";
  group: string;
  replicas: number;
  labels: Record<string, string>;
  pod: IPodSpec;
  object: IDeployment | IStatefulSet;
}

/** A Kubernetes quantity of CPU in cores: "500m" -> 0.5, "2" -> 2. */
export function cpuCores(quantity: string | number): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(quantity));
  if (match === null) return undefined;
  return Number(match[1]) / (match[2] === "m" ? 1000 : 1);
}

/** A Kubernetes memory quantity in bytes: "512Mi", "1G", "1.5Gi". */
export function memoryBytes(quantity: string | number): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity));
  if (match === null) return undefined;
  const factors: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(match[1]) * factors[match[2] ?? ""]!;
}

/** Imports typed manifests; `skipped` receives what was left out. */
export function importKubernetes(objects: ManifestObjects, options: { name: string; sources: readonly string[] }): { skeleton: Skeleton; skipped: Skipped[] } {
  const skipped = [...objects.skipped];
  const skip = (origin: string, path: string, why: string) => skipped.push({ origin, path, why });
  const workloads = [
    ...objects.deployments.map((d) => workload(d, "Deployment")),
    ...objects.statefulSets.map((s) => workload(s, "StatefulSet")),
  ];
  const zones = zonesOf(workloads);
  const groups = workloads.map((w) => group(w, zones, skip));
  const services = servicesOf(objects, workloads, skip);
  const entries = entryServices(objects, services);
  const sketch = sketchCalls(entries, services.map((s) => s.service.name), (name) => envValues(services, name));
  const skeleton: Skeleton = {
    name: options.name,
    header: [`clustersim import k8s ${options.sources.join(" ")}`],
    regions: zones.regions,
    zoneNotes: zones.notes,
    groups,
    services: services.map((s) => s.service),
    entries: sketch.entries,
    callNotes: sketch.notes,
    autoscaling: autoscalers(objects, workloads, skip),
    rollingUpdates: rollingUpdates(objects, workloads, skip),
  };
  return { skeleton, skipped };
}

function workload(located: Located<IDeployment | IStatefulSet>, kind: Workload["kind"]): Workload {
  const spec = located.object.spec!;
  return {
    origin: describeOrigin(located.origin),
    kind,
    group: scenarioName(located.origin.name),
    replicas: spec.replicas ?? 1,
    labels: (spec.template.metadata?.labels ?? {}) as Record<string, string>,
    pod: spec.template.spec!,
    object: located.object,
  };
}

/** Zone names from node selectors and zone affinity; a spread over zones without names gets three placeholders. */
function zonesOf(workloads: readonly Workload[]): { regions: Skeleton["regions"]; spread: Set<string>; named: Map<string, string[]>; notes: string[] } {
  const named = new Map<string, string[]>();
  const spread = new Set<string>();
  let region: string | undefined;
  for (const w of workloads) {
    const selector = (w.pod.nodeSelector ?? {}) as Record<string, string>;
    const zonesHere = new Set<string>();
    for (const label of ZONE_LABELS) if (selector[label] !== undefined) zonesHere.add(selector[label]!);
    for (const label of REGION_LABELS) region ??= selector[label];
    for (const term of w.pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
      for (const expression of term.matchExpressions ?? []) {
        if (ZONE_LABELS.includes(expression.key) && expression.operator === "In") for (const zone of expression.values ?? []) zonesHere.add(zone);
        if (REGION_LABELS.includes(expression.key) && expression.operator === "In") region ??= expression.values?.[0];
      }
    }
    if (zonesHere.size > 0) named.set(w.group, [...zonesHere].map(scenarioName));
    const spreads = (w.pod.topologySpreadConstraints ?? []).some((c) => ZONE_LABELS.includes(c.topologyKey))
      || (w.pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some((t) => ZONE_LABELS.includes(t.topologyKey))
      || (w.pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((t) => ZONE_LABELS.includes(t.podAffinityTerm.topologyKey));
    if (spreads) spread.add(w.group);
  }
  const all = [...new Set([...named.values()].flat())];
  const notes: string[] = [];
  if (all.length === 0 && spread.size > 0) {
    all.push("zone-a", "zone-b", "zone-c");
    notes.push(`${[...spread].join(", ")} spread over zones (topologySpreadConstraints or anti-affinity on ${ZONE_LABELS[0]}) the manifests do not name: rename zone-a..c to yours.`);
  } else if (all.length === 0) {
    all.push("zone-a");
    notes.push("No zone in the manifests: one zone.");
  } else notes.push(`Zones from node selectors and node affinity on ${ZONE_LABELS[0]}.`);
  return { regions: [{ name: scenarioName(region ?? "region"), zones: all }], spread, named, notes };
}

function group(w: Workload, zones: { spread: ReadonlySet<string>; named: ReadonlyMap<string, string[]> }, skip: (origin: string, path: string, why: string) => void): SkeletonGroup {
  let cpu = 0;
  let memory = 0;
  const notes = [`${w.kind} ${w.object.metadata?.name}: ${w.replicas} pod${w.replicas === 1 ? "" : "s"}, one node each.`];
  w.pod.containers.forEach((container, c) => {
    const requests = (container.resources?.requests ?? {}) as Record<string, string | number>;
    const path = `spec.template.spec.containers[${c}]`;
    if (requests.cpu !== undefined) cpu += cpuCores(requests.cpu) ?? 0;
    if (requests.memory !== undefined) memory += memoryBytes(requests.memory) ?? 0;
    if (container.resources?.limits !== undefined) skip(w.origin, `${path}.resources.limits`, "limits are not modelled (cores and memory come from requests)");
    if (container.livenessProbe !== undefined) skip(w.origin, `${path}.livenessProbe`, "restarts by liveness probes are not modelled (the readiness probe is the balancer's health check)");
  });
  const cores = Math.max(1, Math.ceil(cpu));
  notes.push(cpu > 0 ? `CPU requests ${Number(cpu.toFixed(3))} cores -> ${cores} (requests served in parallel per node, rounded up).` : "No CPU request: 1 core assumed.");
  const result: SkeletonGroup = { name: w.group, count: w.replicas, cores, notes };
  if (memory > 0) result.memory = sizeText(memory);
  const pinned = zones.named.get(w.group);
  if (pinned !== undefined) {
    result.zones = pinned;
    notes.push(`Zones from node affinity: ${pinned.join(", ")}.`);
  } else if (zones.spread.has(w.group)) notes.push("Spread over all zones (topology spread constraint).");
  return result;
}

/** Scenario services from Services, each over the groups whose pod labels it selects. */
function servicesOf(objects: ManifestObjects, workloads: readonly Workload[], skip: (origin: string, path: string, why: string) => void): Array<{ service: SkeletonService; workloads: Workload[]; type: string }> {
  const services: Array<{ service: SkeletonService; workloads: Workload[]; type: string }> = [];
  for (const located of objects.services) {
    const origin = describeOrigin(located.origin);
    const spec = located.object.spec ?? {};
    const selector = (spec.selector ?? {}) as Record<string, string>;
    if (spec.type === "ExternalName" || Object.keys(selector).length === 0) {
      skip(origin, "spec.selector", "selects no pods (ExternalName, or endpoints managed elsewhere)");
      continue;
    }
    const selected = workloads.filter((w) => Object.entries(selector).every(([key, value]) => w.labels[key] === value));
    if (selected.length === 0) {
      skip(origin, "spec.selector", "selects no Deployment or StatefulSet in these manifests");
      continue;
    }
    const affinity = spec.sessionAffinity === "ClientIP";
    const notes = [`Service ${located.object.metadata?.name} -> ${selected.map((w) => `${w.kind} ${w.object.metadata?.name}`).join(", ")}; ${affinity ? "ClientIP session affinity: hash" : "kube-proxy (iptables mode) picks a pod at random"}.`];
    const service: SkeletonService = { name: scenarioName(located.origin.name), groups: selected.map((w) => w.group), policy: affinity ? "hash" : "random", notes };
    const probe = selected.flatMap((w) => w.pod.containers.map((c) => c.readinessProbe)).find((p): p is IProbe => p !== undefined);
    if (probe !== undefined) {
      service.healthCheck = healthCheck(probe);
      notes.push("Health check from the readiness probe (period, timeout, failure and success thresholds).");
    }
    services.push({ service, workloads: selected, type: spec.type ?? "ClusterIP" });
  }
  const served = new Set(services.flatMap((s) => s.workloads));
  for (const w of workloads) if (!served.has(w)) skip(w.origin, "", "no Service selects its pods: a group without a service (workers, consumers); add one if requests reach it");
  return services;
}

/** A readiness probe as a balancer health check (Kubernetes defaults: 10 s, 1 s, 3 failures, 1 success). */
function healthCheck(probe: IProbe): NonNullable<SkeletonService["healthCheck"]> {
  const periodS = probe.periodSeconds ?? 10;
  const timeoutS = Math.min(probe.timeoutSeconds ?? 1, periodS / 2);
  return { interval: `${periodS}s`, timeout: `${timeoutS}s`, unhealthyThreshold: probe.failureThreshold ?? 3, healthyThreshold: probe.successThreshold ?? 1 };
}

/** The Services requests enter by: Ingress backends, else LoadBalancer/NodePort, else the first. */
function entryServices(objects: ManifestObjects, services: ReadonlyArray<{ service: SkeletonService; type: string }>): string[] {
  const names = new Set(services.map((s) => s.service.name));
  const fromIngress = objects.ingresses.flatMap((i) => [
    i.object.spec?.defaultBackend?.service?.name,
    ...(i.object.spec?.rules ?? []).flatMap((rule) => (rule.http?.paths ?? []).map((p) => p.backend.service?.name)),
  ]).filter((name): name is string => name !== undefined).map(scenarioName).filter((name) => names.has(name));
  if (fromIngress.length > 0) return [...new Set(fromIngress)];
  const exposed = services.filter((s) => s.type === "LoadBalancer" || s.type === "NodePort").map((s) => s.service.name);
  if (exposed.length > 0) return exposed;
  return services.length > 0 ? [services[0]!.service.name] : [];
}

/** The env var values of the workloads behind a service (where a call to another service shows). */
function envValues(services: ReadonlyArray<{ service: SkeletonService; workloads: Workload[] }>, name: string): string[] {
  const behind = services.find((s) => s.service.name === name)?.workloads ?? [];
  return behind.flatMap((w) => w.pod.containers.flatMap((c) => (c.env ?? []).map((e) => e.value ?? "")));
}

function autoscalers(objects: ManifestObjects, workloads: readonly Workload[], skip: (origin: string, path: string, why: string) => void): Skeleton["autoscaling"] {
  const result: Skeleton["autoscaling"] = [];
  for (const located of objects.hpas) {
    const origin = describeOrigin(located.origin);
    const hpa = located.object;
    const target = workloads.find((w) => w.kind === hpa.spec?.scaleTargetRef.kind && w.object.metadata?.name === hpa.spec.scaleTargetRef.name);
    if (target === undefined || hpa.spec === undefined) {
      skip(origin, "spec.scaleTargetRef", `scales ${hpa.spec?.scaleTargetRef.kind}/${hpa.spec?.scaleTargetRef.name}, not a Deployment or StatefulSet in these manifests`);
      continue;
    }
    const notes = [`HorizontalPodAutoscaler ${hpa.metadata?.name}.`];
    let utilisation: number | undefined;
    if ("targetCPUUtilizationPercentage" in hpa.spec) utilisation = hpa.spec.targetCPUUtilizationPercentage;
    const spec = hpa.spec as { metrics?: Array<{ type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }>; behavior?: { scaleUp?: { stabilizationWindowSeconds?: number; policies?: unknown[] }; scaleDown?: { stabilizationWindowSeconds?: number; policies?: unknown[] } } };
    (spec.metrics ?? []).forEach((metric, m) => {
      if (metric.type === "Resource" && metric.resource?.name === "cpu" && metric.resource.target.type === "Utilization" && utilisation === undefined) utilisation = metric.resource.target.averageUtilization;
      else skip(origin, `spec.metrics[${m}]`, `only a CPU utilisation target is modelled, not ${metric.type}${metric.resource ? ` ${metric.resource.name}` : ""}`);
    });
    if (utilisation === undefined) notes.push("No CPU target: the HPA default, 80%.");
    for (const direction of ["scaleUp", "scaleDown"] as const) {
      if (spec.behavior?.[direction]?.policies !== undefined) skip(origin, `spec.behavior.${direction}.policies`, "rate limits on scaling steps are not modelled (the stabilisation window is)");
    }
    const upS = spec.behavior?.scaleUp?.stabilizationWindowSeconds ?? 0;
    const downS = spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? 300;
    result.push({ group: target.group, min: hpa.spec.minReplicas ?? 1, max: hpa.spec.maxReplicas, utilisation: `${utilisation ?? 80}%`, stabilisation: { up: `${upS}s`, down: `${downS}s` }, notes });
  }
  return result;
}

/** A PodDisruptionBudget's allowed disruptions for a workload, as a count or share, or undefined. */
function disruptionBudget(objects: ManifestObjects, w: Workload): { budget: Budget; name: string } | undefined {
  for (const located of objects.pdbs) {
    const spec = located.object.spec ?? {};
    const labels = (spec.selector?.matchLabels ?? {}) as Record<string, string>;
    if (Object.keys(labels).length === 0 || !Object.entries(labels).every(([key, value]) => w.labels[key] === value)) continue;
    const name = located.origin.name;
    if (spec.maxUnavailable !== undefined) return { budget: spec.maxUnavailable, name };
    if (typeof spec.minAvailable === "number") return { budget: Math.max(0, w.replicas - spec.minAvailable), name };
    if (typeof spec.minAvailable === "string" && spec.minAvailable.endsWith("%")) return { budget: `${100 - Number(spec.minAvailable.slice(0, -1))}%`, name };
  }
  return undefined;
}

function rollingUpdates(objects: ManifestObjects, workloads: readonly Workload[], skip: (origin: string, path: string, why: string) => void): Skeleton["rollingUpdates"] {
  const result: Skeleton["rollingUpdates"] = [];
  for (const w of workloads) {
    const pdb = disruptionBudget(objects, w);
    if (w.kind === "Deployment") {
      const strategy = (w.object as IDeployment).spec!.strategy;
      if (strategy?.type === "Recreate") {
        skip(w.origin, "spec.strategy", "Recreate (every pod replaced at once) is not modelled as a rolling update");
        continue;
      }
      const maxUnavailable = strategy?.rollingUpdate?.maxUnavailable ?? "25%";
      const maxSurge = strategy?.rollingUpdate?.maxSurge ?? "25%";
      const notes = [`Rollout of ${w.object.metadata?.name}: strategy RollingUpdate (maxUnavailable ${maxUnavailable}, maxSurge ${maxSurge}).`];
      if (pdb !== undefined) notes.push(`PodDisruptionBudget ${pdb.name} (${pdb.budget} unavailable) limits node drains, not this rollout.`);
      result.push({ group: w.group, maxUnavailable, maxSurge, notes });
    } else {
      const own = (w.object as IStatefulSet).spec!.updateStrategy?.rollingUpdate?.maxUnavailable;
      const maxUnavailable = pdb?.budget ?? own ?? 1;
      const notes = [`Pods of StatefulSet ${w.object.metadata?.name} replaced in turn, none added (StatefulSets do not surge).`];
      notes.push(pdb === undefined ? "One at a time (the StatefulSet default)." : `As PodDisruptionBudget ${pdb.name} allows: at most ${pdb.budget} unavailable.`);
      if (maxUnavailable === 0 || maxUnavailable === "0%") {
        skip(w.origin, "", `PodDisruptionBudget ${pdb?.name} allows no pod to be unavailable: its pods cannot be replaced in turn (no rolling update)`);
        continue;
      }
      result.push({ group: w.group, maxUnavailable, maxSurge: 0, notes });
    }
  }
  return result;
}
