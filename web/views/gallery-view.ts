/**
 * The gallery: every built-in scenario as a card saying what it teaches; one click runs it
 * (and shows the run view), another opens it in the editor.
 */
import { openBuiltin, runDraft } from "../app/actions";
import { h } from "../app/dom";
import type { AppContext } from "../app/runner";
import { builtinScenarios, type CatalogEntry } from "../scenario-catalog";

export function mountGalleryView(container: HTMLElement, context: AppContext): () => void {
  const open = (entry: CatalogEntry, andRun: boolean) => {
    openBuiltin(context, entry.id);
    if (andRun) {
      context.navigate("#/run");
      void runDraft(context);
    } else context.navigate("#/editor");
  };
  container.append(h("div", { class: "gallery-view" },
    h("h1", {}, "Scenarios"),
    h("p", { class: "lead" }, "Each scenario is a cluster, its traffic and its failures, simulated in your browser with a fixed seed: the same scenario and seed give exactly the same result here and on the command line. Pick one to run."),
    h("ul", { class: "cards" }, builtinScenarios.map((entry) => h("li", { class: "card", "data-scenario": entry.id },
      h("h2", {}, entry.name),
      h("p", { class: "card-description" }, entry.description || entry.header.title),
      entry.header.paragraphs.filter((p) => p.label !== null).map((p) => h("p", { class: "card-teaches" }, h("strong", {}, `${p.label}: `), p.text)),
      h("div", { class: "button-row" },
        h("button", { type: "button", class: "primary", "data-action": "run", "aria-label": `Run ${entry.name}`, onclick: () => open(entry, true) }, "Run"),
        h("button", { type: "button", "data-action": "edit", "aria-label": `Edit ${entry.name}`, onclick: () => open(entry, false) }, "Edit")),
      context.store.savedEdits(entry.id) !== null && context.store.savedEdits(entry.id) !== entry.text ? h("small", { class: "muted" }, "You have edits of this scenario; they open with it.") : null))),
    h("p", { class: "muted" }, "Or write your own in the ", h("a", { href: "#/editor" }, "editor"), ", starting from any of these.")));
  return () => {};
}
