/**
 * A Compose file (the Compose Specification: services with deploy, healthcheck, depends_on) to
 * a scenario skeleton:
 * - each service is a node group (`deploy.replicas`, or `scale`, nodes; cores from
 *   `deploy.resources.reservations.cpus`, else `cpus`, rounded up; memory from the
 *   reservation) and a scenario service balanced round-robin (Docker's DNS and VIP);
 * - `healthcheck` is the balancer's health check (interval, timeout, retries);
 * - `deploy.update_config` is a rolling update (parallelism; order start-first surges);
 * - `depends_on` sketches the calls, from the entry points: services that publish ports and
 *   that nothing depends on.
 * Compose files name no zones: the skeleton has one. Fields that matter to a deployment but
 * not to the model (placement, restart policies, limits) are reported as skipped.
 */
import { parse } from "yaml";
import type { Skipped } from "./k8s-objects";
import { sketchCalls } from "./call-sketch";
import { scenarioName, sizeText, type Skeleton, type SkeletonGroup, type SkeletonService } from "./skeleton";

/** The part of a Compose service the importer reads (compose-spec field names). */
interface ComposeService {
  ports?: unknown[];
  depends_on?: string[] | Record<string, unknown>;
  scale?: number;
  cpus?: number | string;
  mem_reservation?: string | number;
  restart?: string;
  network_mode?: string;
  healthcheck?: { interval?: string; timeout?: string; retries?: number; start_period?: string; disable?: boolean };
  deploy?: {
    mode?: string;
    replicas?: number;
    resources?: { reservations?: { cpus?: number | string; memory?: string | number }; limits?: unknown };
    update_config?: { parallelism?: number; order?: string; delay?: string };
    placement?: unknown;
    restart_policy?: unknown;
  };
}

/** Top-level keys that hold nothing the model uses, and are not worth a report. */
const QUIET_TOP_LEVEL = new Set(["services", "name", "version", "volumes", "networks", "configs", "secrets"]);
/** A Go duration as Compose writes it, which the scenario language reads too: 10s, 1m30s, 1.5s, 500ms. */
const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us))+$/;

/** Compose memory ("512m", "1g", "1.5GB", a byte count) in bytes. */
export function composeBytes(value: string | number): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)b?$/i.exec(String(value));
  if (match === null) return undefined;
  return Number(match[1]) * 1024 ** " kmgt".indexOf((match[2] || " ").toLowerCase());
}

/**
 * Imports one Compose file's text; `file` names it in reports.
 * @returns the skeleton and what was skipped, or problems when the file is not a Compose file.
 */
export function importCompose(text: string, options: { file: string; name?: string }): { ok: true; skeleton: Skeleton; skipped: Skipped[] } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    return { ok: false, problems: [`${options.file}: ${(error as Error).message.split("\n")[0]}`] };
  }
  const root = data as { name?: unknown; services?: unknown } | null;
  if (root === null || typeof root !== "object" || typeof root.services !== "object" || root.services === null || Array.isArray(root.services)) {
    return { ok: false, problems: [`${options.file}: services: expected a map of Compose services (is this a Compose file?)`] };
  }
  const skipped: Skipped[] = [];
  for (const key of Object.keys(root)) if (!QUIET_TOP_LEVEL.has(key)) skipped.push({ origin: options.file, path: key, why: "not part of the simulation model" });
  const services = Object.entries(root.services as Record<string, ComposeService>).map(([name, service]) => ({ name, scenario: scenarioName(name), service: service ?? {} }));
  const skip = (name: string, path: string, why: string) => skipped.push({ origin: `${options.file} (service ${name})`, path, why });
  const groups = services.map((s) => composeGroup(s, skip));
  const scenarioServices = services.map((s) => composeService(s, skip));
  const dependsOn = (name: string) => {
    const found = services.find((s) => s.scenario === name)?.service.depends_on;
    return (Array.isArray(found) ? found : Object.keys(found ?? {})).map(scenarioName);
  };
  const dependedOn = new Set(services.flatMap((s) => dependsOn(s.scenario)));
  const roots = services.filter((s) => !dependedOn.has(s.scenario));
  const published = roots.filter((s) => (s.service.ports ?? []).length > 0);
  const entries = (published.length > 0 ? published : roots.length > 0 ? roots : services.slice(0, 1)).map((s) => s.scenario);
  const names = services.map((s) => s.scenario);
  const sketch = sketchCalls(entries, names, (name) => dependsOn(name), "depends_on names it (start order, a hint of calls)");
  const rollingUpdates = services.flatMap((s) => composeUpdate(s, skip));
  const skeleton: Skeleton = {
    name: scenarioName(options.name ?? (typeof root.name === "string" ? root.name : "compose")),
    header: [`clustersim import compose ${options.file}`],
    regions: [{ name: "region", zones: ["zone-a"] }],
    zoneNotes: ["Compose files name no zones: one zone."],
    groups,
    services: scenarioServices,
    entries: sketch.entries,
    callNotes: sketch.notes,
    autoscaling: [],
    rollingUpdates,
  };
  return { ok: true, skeleton, skipped };
}

function composeGroup(s: { name: string; scenario: string; service: ComposeService }, skip: (name: string, path: string, why: string) => void): SkeletonGroup {
  const deploy = s.service.deploy ?? {};
  const count = deploy.replicas ?? s.service.scale ?? 1;
  const cpus = Number(deploy.resources?.reservations?.cpus ?? s.service.cpus ?? 0);
  const cores = Math.max(1, Math.ceil(Number.isFinite(cpus) ? cpus : 0));
  const notes = [`Compose service ${s.name}: ${count} replica${count === 1 ? "" : "s"}, one node each; ${cpus > 0 ? `${cpus} CPUs reserved -> ${cores} core${cores === 1 ? "" : "s"}` : "no CPU reservation: 1 core assumed"}.`];
  const group: SkeletonGroup = { name: s.scenario, count, cores, notes };
  const memory = deploy.resources?.reservations?.memory ?? s.service.mem_reservation;
  const bytes = memory === undefined ? undefined : composeBytes(memory);
  if (bytes !== undefined) group.memory = sizeText(bytes);
  if (deploy.resources?.limits !== undefined) skip(s.name, "deploy.resources.limits", "limits are not modelled (cores and memory come from reservations)");
  if (deploy.placement !== undefined) skip(s.name, "deploy.placement", "placement constraints are not modelled");
  if (deploy.restart_policy !== undefined || s.service.restart !== undefined) skip(s.name, deploy.restart_policy !== undefined ? "deploy.restart_policy" : "restart", "restarts are not modelled");
  if (deploy.mode === "global") skip(s.name, "deploy.mode", "global mode (one per host) is imported as replicas: set count to your host count");
  if (s.service.network_mode !== undefined) skip(s.name, "network_mode", "networks are not modelled");
  return group;
}

function composeService(s: { name: string; scenario: string; service: ComposeService }, skip: (name: string, path: string, why: string) => void): SkeletonService {
  const service: SkeletonService = { name: s.scenario, groups: [s.scenario], policy: "round-robin", notes: [`Compose service ${s.name}; Docker balances replicas round-robin.`] };
  const check = s.service.healthcheck;
  if (check === undefined || check.disable === true) return service;
  const interval = check.interval ?? "30s";
  let timeout = check.timeout ?? "30s";
  if (!DURATION.test(interval) || !DURATION.test(timeout)) {
    skip(s.name, "healthcheck", `durations ${interval} and ${timeout} are not ones the scenario language reads`);
    return service;
  }
  if (timeout === interval) {
    timeout = "1s";
    service.notes.push("healthcheck timeout equals its interval; the scenario needs it shorter: 1s, check it.");
  }
  service.healthCheck = { interval, timeout, unhealthyThreshold: check.retries ?? 3, healthyThreshold: 1 };
  service.notes.push("Health check from healthcheck (interval, timeout, retries).");
  if (check.start_period !== undefined) skip(s.name, "healthcheck.start_period", "the start period is not modelled");
  return service;
}

function composeUpdate(s: { name: string; scenario: string; service: ComposeService }, skip: (name: string, path: string, why: string) => void): Skeleton["rollingUpdates"] {
  const update = s.service.deploy?.update_config;
  if (update === undefined) return [];
  if (update.delay !== undefined) skip(s.name, "deploy.update_config.delay", "the pause between batches is not modelled");
  const parallelism = update.parallelism ?? 1;
  if (parallelism === 0) {
    skip(s.name, "deploy.update_config.parallelism", "0 updates every replica at once: not a rolling update");
    return [];
  }
  const startFirst = update.order === "start-first";
  const notes = [`Update of ${s.name}: ${parallelism} at a time, ${startFirst ? "new ones started first (surge)" : "old ones stopped first"}.`];
  return [{ group: s.scenario, maxUnavailable: startFirst ? 0 : parallelism, maxSurge: startFirst ? parallelism : 0, notes }];
}
