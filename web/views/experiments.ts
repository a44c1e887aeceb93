/**
 * "Try an experiment": the scenario's suggested experiments (its `experiments:` list) as
 * buttons. One click runs the variant (the run's scenario with the experiment's overrides,
 * same seed) in the worker pool beside the run it varies, and opens the comparison with the
 * run as A and the variant as B. Without a finished run of the scenario yet, the baseline
 * runs too. Each button carries `data-experiment` (its index) for tests.
 */
import { h, replaceChildren } from "../app/dom";
import { startPooledRun, type AppContext } from "../app/runner";
import type { RunRecord } from "../app/store";
import type { ScenarioFacts } from "../scenario-facts";
import { draftFiles, runLabel } from "../app/actions";

/** Fills `element` with the experiments of `facts` (empty when there are none). */
export function renderExperiments(element: HTMLElement, context: AppContext, facts: ScenarioFacts | null, record: RunRecord | undefined): void {
  const experiments = facts?.experiments ?? [];
  const key = `${facts?.name}|${experiments.map((e) => e.label).join("|")}|${record?.id}:${record?.status}`;
  if (element.dataset.key === key) return;
  element.dataset.key = key;
  if (experiments.length === 0) { replaceChildren(element); return; }
  replaceChildren(element,
    h("h2", {}, "Try an experiment"),
    h("ul", { class: "experiment-list" }, experiments.map((experiment, i) => h("li", {},
      h("button", { type: "button", "data-action": "experiment", "data-experiment": String(i), disabled: record?.status === "running", onclick: () => void runExperiment(context, experiment, record) }, experiment.label),
      h("span", { class: "muted" }, ` ${experiment.expectation} `, h("code", {}, experiment.overrides.map((o) => `--set ${o}`).join(" ")))))));
}

/** Runs the variant (and the baseline when needed) and opens the comparison. */
async function runExperiment(context: AppContext, experiment: { label: string; overrides: string[] }, record: RunRecord | undefined): Promise<void> {
  const draft = context.store.draft;
  const baseline = record?.status === "done" ? record : undefined;
  const text = baseline?.scenarioText ?? draft.text;
  const seed = baseline ? baseline.summary?.seed ?? baseline.seed : draft.seed;
  const files = baseline?.files ?? draftFiles(draft);
  const overrides = baseline?.overrides ?? draft.overrides ?? [];
  context.navigate("#/compare");
  let base = baseline;
  const pending: Array<Promise<RunRecord>> = [];
  if (!base) {
    pending.push(startPooledRun(context, { label: runLabel(text, seed, overrides), scenarioText: text, files, seed, overrides, sourceId: draft.sourceId }));
    base = context.store.latestRun;
  }
  context.notify(`Running the experiment "${experiment.label}" beside ${base?.label ?? "the scenario"}…`);
  pending.push(startPooledRun(context, {
    label: `${runLabel(text, seed, overrides)} · experiment: ${experiment.label}`,
    scenarioText: text, files, seed, overrides: [...overrides, ...experiment.overrides],
    ...(base ? { variantOf: base.id } : {}),
  }));
  await Promise.all(pending);
}
