/**
 * Drawing a lesson verdict: the one-line summary, each condition with its numbers and, when it
 * fails, the lesson's advice; the watched figures; problems that stopped the check.
 */
import type { LessonVerdict, Problem } from "../../engine/index";
import { h } from "../app/dom";

/** The verdict as page content. */
export function renderVerdict(verdict: LessonVerdict): HTMLElement {
  return h("div", { class: "lesson-verdict" },
    h("p", { class: `lesson-summary ${verdict.passed ? "good" : "bad"}`, "data-testid": "lesson-summary" },
      verdict.passed ? "✓ " : "✗ ", verdict.summary),
    verdict.ruleProblems.length > 0
      ? h("div", {},
        h("p", {}, "Your answer changes something this lesson does not let you change:"),
        h("ul", { class: "problems" }, verdict.ruleProblems.map((p) => h("li", {}, h("span", { class: "mono" }, p.path), `: ${p.message}`))))
      : null,
    h("ul", { class: "lesson-conditions" }, verdict.conditions.map((c) => h("li", { class: c.passed ? "good" : "bad", "data-passed": String(c.passed) },
      h("span", { class: "lesson-mark", "aria-hidden": "true" }, c.passed ? "✓" : "✗"), " ",
      h("span", {}, c.sentence),
      c.advice !== null ? h("span", { class: "lesson-advice" }, ` ${c.advice}`) : null))),
    verdict.figures.length > 0
      ? h("dl", { class: "tiles lesson-figures" }, verdict.figures.map((f) => h("div", { class: "tile" },
        h("dt", {}, f.label, f.run === "answer" ? null : h("small", {}, ` (${f.runLabel})`)),
        h("dd", {}, f.text))))
      : null,
    h("p", { class: "muted" }, `Every run used seed ${verdict.seed}: the same answer gets the same verdict here and with clustersim lesson check.`));
}

/** The lesson's why page with this run's numbers (nothing when the lesson has none). */
export function renderWhy(verdict: LessonVerdict): HTMLElement | null {
  if (verdict.why.length === 0) return null;
  return h("section", { class: "lesson-why", "data-testid": "lesson-why", "aria-label": "Why" },
    h("h2", {}, "Why"),
    verdict.why.map((p) => h("p", {}, p)));
}

/** Problems that made the knob values an invalid scenario. */
export function renderProblems(problems: readonly Problem[]): HTMLElement {
  return h("div", { class: "error-box", role: "alert" },
    h("p", {}, "These values do not make a valid scenario yet:"),
    h("ul", { class: "problems" }, problems.map((p) => h("li", {}, p.path === "" ? "" : h("span", { class: "mono" }, `${p.path}: `), p.message))));
}
