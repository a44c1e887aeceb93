/**
 * The gallery: every built-in scenario as a short card (name, one line, its traffic as a
 * sparkline with the peak, its SLOs, and the outcome of the last run kept of it); what it
 * teaches is one click away, collapsed. One click runs it (and shows the run view), another
 * opens it in the editor. Sparklines are drawn one per task after the cards are on the page,
 * so opening the gallery never blocks on compiling every scenario.
 */
import { openBuiltin, runDraft } from "../app/actions";
import { h } from "../app/dom";
import type { AppContext } from "../app/runner";
import { TaskQueue } from "../app/task-queue";
import { builtinScenarios, type CatalogEntry } from "../scenario-catalog";
import { drawTrafficSparkline } from "./gallery-card";

export function mountGalleryView(container: HTMLElement, context: AppContext): () => void {
  const open = (entry: CatalogEntry, andRun: boolean) => {
    openBuiltin(context, entry.id);
    if (andRun) {
      context.navigate("#/run");
      // The run starts in a task of its own (reading the scenario for its label is a few ms),
      // after the click's task has opened the run view.
      setTimeout(() => void runDraft(context), 0);
    } else context.navigate("#/editor");
  };
  const sparklines = new TaskQueue();
  const card = (entry: CatalogEntry) => {
    const spark = h("div", { class: "card-sparkline", "data-sparkline": "pending" });
    sparklines.set(entry.id, () => drawTrafficSparkline(spark, entry));
    const outcome = context.store.lastOutcome(entry.id);
    const teaches = entry.header.paragraphs.filter((p) => p.label !== null);
    return h("li", { class: "card", "data-scenario": entry.id },
      h("h2", {}, entry.name),
      h("p", { class: "card-description" }, entry.description || entry.header.title),
      spark,
      outcome ? h("p", { class: `card-outcome ${outcome.passed ? "good" : "bad"}`, "data-outcome": outcome.passed ? "pass" : "fail" }, outcome.text) : null,
      teaches.length > 0 ? h("details", { class: "card-more" }, h("summary", {}, "What it teaches"),
        teaches.map((p) => h("p", { class: "card-teaches" }, h("strong", {}, `${p.label}: `), p.text))) : null,
      h("div", { class: "button-row" },
        h("button", { type: "button", class: "primary", "data-action": "run", "aria-label": `Run ${entry.name}`, onclick: () => open(entry, true) }, "Run"),
        h("button", { type: "button", "data-action": "edit", "aria-label": `Edit ${entry.name}`, onclick: () => open(entry, false) }, "Edit")),
      context.store.savedEdits(entry.id) !== null && context.store.savedEdits(entry.id) !== entry.text ? h("small", { class: "muted" }, "You have edits of this scenario; they open with it.") : null);
  };
  container.append(h("div", { class: "gallery-view" },
    h("h1", {}, "Scenarios"),
    h("p", { class: "lead" }, "Each scenario is a cluster, its traffic and its failures, simulated in your browser with a fixed seed: the same scenario and seed give exactly the same result here and on the command line. Pick one to run."),
    h("ul", { class: "cards" }, builtinScenarios.map(card)),
    h("p", { class: "muted" }, "Or write your own in the ", h("a", { href: "#/editor" }, "editor"), ", starting from any of these.")));
  return () => sparklines.clear?.();
}
