/**
 * "Your own data": load a Prometheus range-query export (JSON) or a rate CSV (interval start,
 * requests per second) in the browser to drive the draft's workload. The file is kept with the
 * draft (as a share link's files are) under `data/<name>`, and the scenario's `workload.rate`
 * becomes `{ replay: { file, format } }`, exactly what the CLI reads from a scenario beside its
 * data file: the engine's own replay parser reads it, and its problems (a counter instead of a
 * rate, a run longer than the data...) show in the editor as the CLI words them.
 */
import { h } from "../app/dom";
import type { AppContext } from "../app/runner";
import { setFieldText } from "../editor/yaml-edit";

/** The replay format a file's name and text suggest. */
export function replayFormatOf(name: string, text: string): "prometheus" | "rate-csv" {
  if (/\.json$/i.test(name)) return "prometheus";
  if (/\.csv$/i.test(name)) return "rate-csv";
  return text.trimStart().startsWith("{") ? "prometheus" : "rate-csv";
}

/** The draft's key for an uploaded file: `data/` and the name, made safe. */
export function uploadedFileKey(name: string): string {
  return `data/${name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "traffic"}`;
}

/** The scenario text with its workload rate replaced by a replay of `key`. */
export function withReplay(text: string, key: string, format: "prometheus" | "rate-csv"): string {
  return setFieldText(text, ["workload", "rate"], JSON.stringify({ replay: { file: key, format } }));
}

/**
 * The upload box. `apply(text)` puts the new scenario text in the editor (which saves and
 * validates it); the file goes with the draft first, so the validation sees it.
 */
export function trafficUploadBox(context: AppContext, currentText: () => string, apply: (text: string) => void): HTMLElement {
  const input = h("input", { type: "file", accept: ".json,.csv,application/json,text/csv", "data-testid": "traffic-file", "aria-label": "Traffic file (Prometheus JSON or rate CSV)" });
  const note = h("p", { class: "muted", role: "status", "data-testid": "traffic-upload-status" });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      const key = uploadedFileKey(file.name);
      const format = replayFormatOf(file.name, text);
      const draft = context.store.draft;
      context.store.setDraft({ ...draft, files: { ...(draft.files ?? {}), [key]: text }, expectedDigest: null });
      apply(withReplay(currentText(), key, format));
      note.dataset.file = key;
      note.textContent = `Loaded ${file.name} (${format === "prometheus" ? "Prometheus range query" : "rate CSV"}): workload.rate now replays ${key}. Problems with the data show below the text, as the CLI words them.`;
    });
  });
  return h("section", { class: "traffic-upload", "aria-label": "Your own traffic" },
    h("h2", {}, "Drive it with your own traffic"),
    h("p", { class: "muted" }, "A Prometheus range-query export (the JSON of /api/v1/query_range for a request rate, e.g. sum(rate(http_requests_total[1m]))) or a CSV of interval start (seconds) and requests per second. It replaces the workload's rate; the request classes stay."),
    input, note);
}
