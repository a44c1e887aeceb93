/**
 * Facts about a scenario that the screens need before (and while) it runs: its name and
 * story, run length, SLOs, the topology to draw, and scenario-defined moments to mark on the
 * time axes (traffic spikes). Read from the validated scenario (engine units: ms, fractions),
 * so they match what the engine runs.
 */
import { parseScenario, type Problem, type Scenario } from "../engine/index";
import type { ChartSlo } from "./charts/chart-data";
import type { Annotation } from "./charts/frame";

/** A group as drawn by the topology. */
export interface GroupFact {
  name: string;
  count: number;
  cores: number;
  /** Zones the nodes are spread over, round-robin. */
  zones: string[];
}

/** A service as drawn by the topology: its balancer, its groups and whom it calls. */
export interface ServiceFact {
  name: string;
  policy: string;
  groups: string[];
  /** Services this one calls, in any request class (deduplicated, in first-seen order). */
  calls: string[];
  /** True when a request class enters the system here. */
  entry: boolean;
}

/** What the screens need to know about a scenario. */
export interface ScenarioFacts {
  scenario: Scenario;
  name: string;
  description: string;
  seed: number;
  durationMs: number;
  warmupMs: number;
  slos: ChartSlo[];
  regions: Array<{ name: string; zones: string[] }>;
  groups: GroupFact[];
  services: ServiceFact[];
  /** Scenario-defined moments: traffic spikes (start of ramp, start of decay). */
  marks: Annotation[];
  /** Suggested experiments: a label, `path=value` overrides and what to expect. */
  experiments: Array<{ label: string; overrides: string[]; expectation: string }>;
}

/** Facts of a scenario text with overrides, or its problems. */
export function scenarioFacts(text: string, overrides: string[] = []): { ok: true; facts: ScenarioFacts } | { ok: false; problems: Problem[] } {
  // Screens ask for the same scenario's facts again and again (the run button's label, the run
  // view's story and charts): the last few answers are kept, so it is parsed once.
  const key = `${overrides.join("\n")}\u0000${text}`;
  const known = recentFacts.get(key);
  if (known) return known;
  const parsed = parseScenario(text, { overrides });
  const answer = parsed.ok ? { ok: true as const, facts: factsOf(parsed.scenario) } : parsed;
  recentFacts.set(key, answer);
  if (recentFacts.size > RECENT_FACTS_MAX) recentFacts.delete(recentFacts.keys().next().value!);
  return answer;
}

/** Scenarios whose facts are kept (the newest; oldest dropped first). */
const RECENT_FACTS_MAX = 4;
const recentFacts = new Map<string, ReturnType<typeof scenarioFacts>>();

/** Facts of a validated scenario. */
export function factsOf(scenario: Scenario): ScenarioFacts {
  const allZones = scenario.topology.regions.flatMap((r) => r.zones);
  const services: ServiceFact[] = scenario.services.map((s) => ({ name: s.name, policy: s.balancer.policy, groups: s.groups.slice(), calls: [], entry: false }));
  const byName = new Map(services.map((s) => [s.name, s]));
  type Hop = { service: string; calls?: Hop[] };
  const visit = (hop: Hop) => {
    const service = byName.get(hop.service);
    for (const child of hop.calls ?? []) {
      if (service && !service.calls.includes(child.service)) service.calls.push(child.service);
      visit(child);
    }
  };
  for (const workloadClass of scenario.workload.classes) {
    const root = workloadClass.call as Hop;
    const entry = byName.get(root.service);
    if (entry) entry.entry = true;
    visit(root);
  }
  return {
    scenario,
    name: scenario.name,
    description: scenario.description,
    seed: scenario.seed,
    durationMs: scenario.run.duration,
    warmupMs: scenario.run.warmup,
    slos: scenario.slos.map((slo): ChartSlo => slo.latency
      ? { name: slo.name, className: slo.class ?? null, kind: "latency", percentile: slo.latency.percentile, thresholdMs: slo.latency.below }
      : { name: slo.name, className: slo.class ?? null, kind: "availability", target: slo.availability! }),
    regions: scenario.topology.regions.map((r) => ({ name: r.name, zones: r.zones.slice() })),
    groups: scenario.topology.groups.map((g) => ({ name: g.name, count: g.count, cores: g.cores, zones: g.zones ? g.zones.slice() : allZones })),
    services,
    marks: spikeMarks(scenario),
    experiments: scenario.experiments.map((e) => ({ label: e.label, overrides: e.overrides.slice(), expectation: e.expectation })),
  };
}

/** Marks for each traffic spike: where the ramp starts and where the decay starts. */
function spikeMarks(scenario: Scenario): Annotation[] {
  const marks: Annotation[] = [];
  for (const spike of scenario.workload.rate?.spikes ?? []) {
    marks.push({ atMs: spike.at, label: `traffic spike ×${spike.multiplier} begins`, category: "info" });
    if (spike.hold > 0 || spike.ramp > 0) marks.push({ atMs: spike.at + spike.ramp + spike.hold, label: `traffic spike ×${spike.multiplier} eases`, category: "info" });
  }
  return marks;
}

/** Category of a timeline event kind, for styling its mark. */
export function timelineCategory(kind: string): string {
  const k = kind.toLowerCase();
  if (/recover|restor|heal|repair|rejoin|restart|elected|back/.test(k)) return "recovery";
  if (/scale|provision|boot|retire|launch/.test(k)) return "scale";
  if (/crash|fail|down|partition|kill|fault|loss|slow|suspect|outage|degrad|error|evict/.test(k)) return "fault";
  return "info";
}
