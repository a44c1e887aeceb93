/**
 * The sentences every front end prints about a run's headline — the CLI table, the HTML report
 * and the browser use these, so the same figure reads the same way everywhere: the serving
 * capacity with booting and draining apart from failures, the cost with its currency and
 * period, and a windowed latency SLO's two figures with the rule that judges them.
 */
import { formatDurationMs } from "../input/units/format";
import { formatMetric } from "../input/units/metric-format";
import { capacityShares, sloUnit, type ResultCore } from "./headline-metrics";
import type { SloOutcome } from "../metrics/slo";

/** The currency of every price and cost (scenario prices are read as US dollars). */
export const COST_CURRENCY = "USD";

/**
 * `serving 97.2% of provisioned · booting 1.5% · draining 0.3% (planned, not failures) · down
 * 1.0%`; null without nodes. Shares of the node-time provisioned in the measured period.
 */
export function capacityText(result: ResultCore): string | null {
  const c = capacityShares(result);
  if (c === null) return null;
  const pct = (share: number) => formatMetric(share, "percent");
  const planned = c.booting > 0 || c.draining > 0 ? ` · booting ${pct(c.booting)} · draining ${pct(c.draining)} (planned, not failures)` : "";
  return `serving ${pct(c.serving)} of provisioned node-time${planned} · down ${pct(c.down)}`;
}

/** `USD over 8 min simulated, warm-up included ($9.22 USD per hour)`: what follows the amount. */
export function costPeriodText(result: Pick<ResultCore, "cost" | "durationMs">): string {
  return `${COST_CURRENCY} over ${formatDurationMs(result.durationMs)} simulated, warm-up included (${formatMetric(result.cost.perHour, "money")} ${COST_CURRENCY} per hour)`;
}

/**
 * `$1.23 USD over 8 min simulated, warm-up included ($9.22 USD per hour)`; null for a run without
 * node groups (a batch cluster has no price), which has no cost to state rather than a cost of $0.
 */
export function costText(result: Pick<ResultCore, "cost" | "durationMs">): string | null {
  if (result.cost.groups.length === 0) return null;
  return `${formatMetric(result.cost.total, "money")} ${costPeriodText(result)}`;
}

/**
 * An SLO's measured value in words; a windowed latency SLO shows both figures: `3.82 s over the
 * whole run; 78.3% of windows met it` (its rule: {@link sloRuleText}).
 */
export function sloMeasuredText(slo: SloOutcome): string {
  const whole = formatMetric(slo.measured, sloUnit(slo.kind));
  if (slo.windowsMeetingShare === null) return whole;
  return `${whole} over the whole run; ${formatMetric(slo.windowsMeetingShare, "percent")} of windows met it`;
}

/**
 * An SLO's objective for reading: the Result's `objective`, with a latency threshold written as
 * formatMetric writes durations (`p99 < 1.00 s in 95% of windows` for the Result's
 * `p99 < 1000 ms in 95% of windows`; `p99 < 300 ms` stays). Other SLOs' objectives as they are.
 */
export function sloObjectiveText(slo: { kind: string; objective: string; target: number }): string {
  if (slo.kind !== "latency") return slo.objective;
  return slo.objective.replace(`< ${slo.target} ms`, `< ${formatMetric(slo.target, "ms")}`);
}

/**
 * The rule of a windowed latency SLO, in words; null for any other SLO: `checkout-p99 passes
 * only if both hold: p99 < 1.00 s over the whole run, and in at least 95.0% of the windows with requests`.
 */
export function sloRuleText(slo: SloOutcome): string | null {
  if (slo.windowsShareMin === undefined) return null;
  const objective = sloObjectiveText(slo);
  const at = objective.indexOf(" in ");
  const threshold = at < 0 ? objective : objective.slice(0, at);
  return `${slo.name} passes only if both hold: ${threshold} over the whole run, and in at least ${formatMetric(slo.windowsShareMin, "percent")} of the windows with requests`;
}
