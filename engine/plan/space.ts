/**
 * The candidate space: one configuration per combination of variable values, addressed by a
 * vector of value indexes (index 0 = the smallest capacity of each variable). A candidate is
 * the base scenario with its variables' overrides, validated, with its provisioned cost and the
 * failure cases generated for it. Candidates are built on demand and remembered, so a search
 * over a large grid only pays for the points it visits.
 *
 * Cost is provisioned cost: the sum over node groups of count x price per node-hour, where an
 * autoscaled group counts at least its autoscaler's minimum (the floor it always pays for).
 * Autoscaling may spend more; the report gives the runs' average spend beside it. A month is
 * 730 hours (8760 / 12).
 */
import { assert } from "../core/assert";
import type { Problem } from "../input/problems";
import { validateScenario } from "../scenario/load";
import type { Scenario } from "../scenario/schema";
import { failureCases, type FailureCase, type SurviveKind } from "./failure-cases";
import type { PlanOverride } from "./types";
import { formatAssignment, variableOverrides, type DecisionVariable } from "./variables";

/** Hours in a month, as in scenario prices (`70/month` = 70 / 730 per hour). */
export const HOURS_PER_MONTH = 730;

/** One configuration. */
export interface Candidate {
  /** Value index per variable. */
  indexes: number[];
  /** `12,3`: the indexes joined, unique within a plan. */
  key: string;
  /** `web.count=12, db.count=5`. */
  label: string;
  /** The variables' values, by variable. */
  values: Array<number | string>;
  overrides: PlanOverride[];
  scenario: Scenario;
  /** Provisioned cost, $ per hour. */
  costPerHour: number;
  cases: FailureCase[];
}

/** Provisioned cost of a scenario's node groups, $ per hour (autoscaled groups at least at their minimum). */
export function provisionedCostPerHour(scenario: Scenario): number {
  let total = 0;
  for (const group of scenario.topology.groups) {
    const floor = Math.max(0, ...scenario.autoscaling.filter((a) => a.group === group.name).map((a) => a.min));
    total += Math.max(group.count, floor) * group.price;
  }
  return total;
}

/** Builds and remembers candidates of one plan. */
export class CandidateSpace {
  private readonly built = new Map<string, Candidate | Problem[]>();

  private readonly data: unknown;
  readonly variables: readonly DecisionVariable[];
  private readonly survive: readonly SurviveKind[];
  private readonly baseOverrides: readonly PlanOverride[];
  private readonly peakAtMs: number;

  /**
   * @param options.data the scenario as parsed (raw data, before validation).
   * @param options.baseOverrides applied before the variables' in every candidate (the CLI's --set).
   * @param options.peakAtMs when the arrival rate peaks, ms: when generated losses happen.
   */
  constructor(options: { data: unknown; variables: readonly DecisionVariable[]; survive: readonly SurviveKind[]; baseOverrides?: readonly PlanOverride[]; peakAtMs?: number }) {
    this.data = options.data;
    this.variables = options.variables;
    this.survive = options.survive;
    this.baseOverrides = options.baseOverrides ?? [];
    this.peakAtMs = options.peakAtMs ?? 0;
  }

  /** Number of values of each variable. */
  get sizes(): number[] {
    return this.variables.map((v) => v.values.length);
  }

  /** The candidate at `indexes`, or the problems that make it invalid (paths prefixed `--vary`). */
  candidate(indexes: readonly number[]): Candidate | Problem[] {
    const key = indexes.join(",");
    const existing = this.built.get(key);
    if (existing !== undefined) return existing;
    const overrides = [...this.baseOverrides, ...this.variables.flatMap((variable, v) => variableOverrides(variable, indexes[v]!))];
    const validated = validateScenario(this.data, { overrides });
    let result: Candidate | Problem[];
    if (!validated.ok) {
      result = validated.problems.map((p) => ({ ...p, path: p.path.replace(/^--set /, "--vary ") }));
    } else {
      const label = this.variables.map((variable, v) => formatAssignment(variable, indexes[v]!)).join(", ");
      const values = this.variables.map((variable, v) => variable.values[indexes[v]!]!);
      const scenario = validated.scenario;
      const cases = failureCases(scenario, this.survive, { peakAtMs: this.peakAtMs });
      result = { indexes: [...indexes], key, label, values, overrides, scenario, costPerHour: provisionedCostPerHour(scenario), cases };
    }
    this.built.set(key, result);
    return result;
  }

  /** The candidate at `indexes`, for indexes already known to be valid. */
  valid(indexes: readonly number[]): Candidate {
    const candidate = this.candidate(indexes);
    if (Array.isArray(candidate)) assert(false, `candidate ${indexes.join(",")} is invalid: ${candidate[0]?.message}`);
    return candidate;
  }

  /**
   * Checks that every variable's values fit the scenario, one variable at a time (the others as
   * written): each choice, and for a range its two ends and middle. Returns every problem; a
   * path that does not exist is reported once as `--vary <path>`, a value the schema rejects
   * with the value that caused it.
   */
  check(): Problem[] {
    const problems: Problem[] = [];
    const add = (problem: Problem) => {
      if (!problems.some((p) => p.path === problem.path && p.message === problem.message)) problems.push(problem);
    };
    for (const variable of this.variables) {
      const last = variable.values.length - 1;
      const probes = variable.kind === "choice" ? variable.values.map((_, i) => i) : [...new Set([0, Math.floor(last / 2), last])];
      for (const index of probes) {
        const validated = validateScenario(this.data, { overrides: [...this.baseOverrides, ...variableOverrides(variable, index)] });
        if (validated.ok) continue;
        const pathProblems = validated.problems.filter((p) => p.path.startsWith("--set "));
        for (const p of pathProblems) add({ ...p, path: p.path.replace(/^--set /, "--vary ") });
        if (pathProblems.length > 0) break;
        for (const p of validated.problems) add({ ...p, message: `${p.message} (with ${variable.label}=${variable.values[index]})` });
      }
    }
    return problems;
  }
}
