/**
 * The saved runs (the IndexedDB archive): newest first, each with its label, when it was
 * saved, its SLO outcome and digest, a button that opens it in the run view and one that
 * deletes it. The list carries `data-count` for tests.
 */
import { h, replaceChildren } from "../app/dom";
import { ARCHIVE_RUNS_MAX, type ArchivedRunMeta } from "../app/run-archive";
import { formatRoute } from "../app/routes";
import { formatLocalTime } from "../format";
import type { AppContext } from "../app/runner";

/** A section listing the saved runs; redraws itself when the archive's list changes. */
export function savedRunsSection(context: AppContext): { element: HTMLElement; render: () => void } {
  const element = h("section", { class: "saved-runs", "aria-label": "Saved runs" });
  let shown: ArchivedRunMeta[] | null = null;
  const render = () => {
    const list = context.store.archived;
    if (list === shown) return;
    shown = list;
    element.dataset.count = String(list.length);
    replaceChildren(element,
      h("h2", {}, "Saved runs"),
      h("p", { class: "muted" }, context.store.archive
        ? `Finished runs are kept in this browser (the latest ${ARCHIVE_RUNS_MAX}; older ones are dropped first).`
        : "This browser does not keep runs (storage is off)."),
      list.length === 0 ? null : h("ul", { class: "saved-run-list" }, list.map((run) => h("li", { "data-run-key": String(run.key) },
        h("a", { href: formatRoute("run", { scenario: run.sourceId ?? undefined, seed: run.seed ?? undefined, run: run.key }) }, run.label),
        h("span", { class: `muted ${run.slosTotal > 0 && run.slosPassed < run.slosTotal ? "bad" : ""}` },
          ` · ${run.slosTotal === 0 ? "no SLOs" : `${run.slosPassed} of ${run.slosTotal} SLOs met`} · saved ${formatLocalTime(run.savedAtMs)}${run.seriesDropped ? " · charts not kept (too large)" : ""}`),
        h("button", { type: "button", class: "small", "data-action": "delete-run", "aria-label": `Delete saved run ${run.label}`, onclick: () => void context.store.deleteArchived(run.key!) }, "Delete")))));
  };
  render();
  return { element, render };
}
