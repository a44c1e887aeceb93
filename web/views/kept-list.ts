/**
 * A list of kept comparisons or plans (IndexedDB): newest first, each a link that opens it
 * (its route) and a Delete button. The section carries `data-count` and `data-kind` for tests.
 */
import { h, replaceChildren } from "../app/dom";
import { formatLocalTime } from "../format";
import type { AppContext } from "../app/runner";
import type { SavedMeta } from "../app/saved-list";

/** A section listing one kind of kept entry; `render` redraws it when the store's list changed. */
export function keptListSection(context: AppContext, options: { kind: "comparisons" | "plans"; title: string; max: number; href: (key: number) => string }): { element: HTMLElement; render: () => void } {
  const element = h("section", { class: "kept-list", "aria-label": options.title, "data-kind": options.kind });
  let shown: SavedMeta[] | null = null;
  const render = () => {
    const list = options.kind === "comparisons" ? context.store.keptComparisons : context.store.keptPlans;
    if (list === shown) return;
    shown = list;
    element.dataset.count = String(list.length);
    replaceChildren(element,
      h("h2", {}, options.title),
      h("p", { class: "muted" }, context.store.kept
        ? `Kept in this browser (the latest ${options.max}; older ones are dropped first).`
        : "This browser does not keep them (storage is off)."),
      list.length === 0 ? null : h("ul", { class: "saved-run-list" }, list.map((entry) => h("li", { "data-key": String(entry.key) },
        h("a", { href: options.href(entry.key) }, entry.label),
        h("span", { class: "muted" }, ` · saved ${formatLocalTime(entry.savedAtMs)}`),
        h("button", { type: "button", class: "small", "data-action": "delete-kept", "aria-label": `Delete ${entry.label}`, onclick: () => void context.store.forget(options.kind, entry.key) }, "Delete")))));
  };
  render();
  return { element, render };
}
