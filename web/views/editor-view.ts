/**
 * The editor: a form for the common knobs beside the full scenario text, kept in sync.
 *
 * Editing a field rewrites just that value in the text (comments and layout kept); editing
 * the text rebuilds the form. Every change is saved as the draft (localStorage), valid or
 * not, so nothing typed is lost. Validation is the engine's own (`loadScenario`), so each
 * problem reads exactly as the CLI prints it: beside its field when the form has one, marked
 * on its line in the text, and listed under the text with a button to jump to the line.
 */
import { formatPath, formatProblem, loadScenario, scenarioJsonSchema, type Problem } from "../../engine/index";
import { draftFiles, openBuiltin, runDraft } from "../app/actions";
import { downloadText, field, h, replaceChildren } from "../app/dom";
import type { AppContext } from "../app/runner";
import type { FormField, FormSection } from "../editor/form-model";
import { wholeForm } from "../editor/schema-sections";
import { appendItem, fieldText, parseScenarioDocument, removeItem, setFieldText } from "../editor/yaml-edit";
import { fileSlug } from "../export";
import { findBuiltin } from "../scenario-catalog";
import { trafficUploadBox } from "./traffic-upload";

const VALIDATE_DELAY_MS = 200;

export function mountEditorView(container: HTMLElement, context: AppContext): () => void {
  const { store } = context;
  const schema = scenarioJsonSchema();
  const textarea = h("textarea", { id: "scenario-text", spellcheck: "false", autocapitalize: "off", autocomplete: "off", "aria-label": "Scenario text (YAML or JSON)", "data-testid": "scenario-text" });
  const gutter = h("div", { class: "gutter", "aria-hidden": "true" });
  const problemList = h("ul", { class: "problems", "aria-label": "Problems", "data-testid": "problems" });
  const status = h("p", { class: "editor-status", role: "status", "aria-live": "polite", "data-testid": "editor-status" });
  const form = h("form", { class: "editor-form", "aria-label": "Common settings", onsubmit: (e: Event) => e.preventDefault() });
  const formNote = h("p", { class: "muted" });
  const runButton = h("button", { type: "button", class: "primary", "data-action": "run", onclick: () => { context.navigate("#/run"); void runDraft(context); } }, "Run");
  const resetButton = h("button", { type: "button", "data-action": "reset", onclick: () => reset() }, "Reset to the built-in version");
  const restoreButton = h("button", { type: "button", "data-action": "restore-previous", onclick: () => restorePrevious() }, "Restore previous draft");
  const title = h("h1", {}, "Editor");

  container.append(h("div", { class: "editor-page" },
    h("div", { class: "button-row" }, title),
    h("div", { class: "button-row" }, runButton, resetButton, restoreButton,
      h("button", { type: "button", onclick: () => downloadText(`${fileSlug(currentName())}.yaml`, textarea.value, "text/yaml") }, "Download"), status),
    h("div", { class: "editor-view" },
      h("section", { "aria-label": "Form" }, formNote, form, trafficUploadBox(context, () => textarea.value, (text) => applyText(text, true))),
      h("section", { class: "editor-source", "aria-label": "Scenario text" },
        h("label", { for: "scenario-text" }, "Scenario text: the whole scenario, as the CLI reads it"),
        h("div", { class: "source-box" }, gutter, textarea),
        problemList))));

  textarea.value = store.draft.text;
  let problems: Problem[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function currentName(): string {
    const match = /^name:\s*(\S+)/m.exec(textarea.value);
    return match ? match[1]! : "scenario";
  }

  /** Saves the text as the draft (a user edit clears a share link's expected digest). */
  function save(text: string): void {
    if (text === store.draft.text) return;
    store.setDraft({ ...store.draft, text, expectedDigest: null });
  }

  function validate(): void {
    const text = textarea.value;
    const loaded = loadScenario(text, { files: draftFiles(store.draft) });
    problems = loaded.ok ? [] : loaded.problems;
    status.dataset.valid = String(loaded.ok);
    status.textContent = loaded.ok ? "✓ Valid scenario" : `✗ ${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    status.className = `editor-status ${loaded.ok ? "good" : "bad"}`;
    runButton.disabled = !loaded.ok;
    runButton.title = loaded.ok ? "" : "Fix the problems first";
    replaceChildren(problemList, problems.map((p) => h("li", { "data-path": p.path },
      h("span", { class: "mono" }, formatProblem(p)),
      p.line !== undefined ? h("button", { type: "button", onclick: () => goToLine(p.line!) }, `line ${p.line}`) : null)));
    showFieldErrors();
    renderGutter();
  }

  function showFieldErrors(): void {
    for (const element of Array.from(form.querySelectorAll<HTMLElement>(".field[data-path]"))) {
      const path = element.dataset.path!;
      const own = problems.filter((p) => p.path === path);
      const error = element.querySelector(".field-error")!;
      error.textContent = own.map((p) => `${p.path}: ${p.message}`).join("\n");
      element.querySelector("input, select")?.setAttribute("aria-invalid", String(own.length > 0));
    }
  }

  function renderGutter(): void {
    const lines = textarea.value.split("\n").length;
    const bad = new Set(problems.map((p) => p.line).filter((l) => l !== undefined));
    replaceChildren(gutter, Array.from({ length: lines }, (_, i) => h("div", bad.has(i + 1) ? { class: "bad-line", title: "problem on this line" } : {}, String(i + 1))));
    gutter.scrollTop = textarea.scrollTop;
  }

  function goToLine(line: number): void {
    const lines = textarea.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    textarea.focus();
    textarea.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, (line - 5) * lineHeight);
  }

  function renderForm(): void {
    const focusedPath = (document.activeElement as HTMLElement | null)?.closest?.(".field")?.getAttribute("data-path");
    const parsed = parseScenarioDocument(textarea.value);
    if (!parsed.ok) {
      formNote.textContent = `The form is paused until the text parses: ${parsed.message}`;
      form.inert = true;
      return;
    }
    form.inert = false;
    formNote.textContent = "Change a value here or in the text; both stay in sync and are saved as you type.";
    const doc = parsed.doc;
    replaceChildren(form, wholeForm(doc.toJSON(), schema).map((section) => sectionElement(section, (path) => fieldText(doc, path))));
    showFieldErrors();
    if (focusedPath) form.querySelector<HTMLElement>(`.field[data-path="${CSS.escape(focusedPath)}"] input, .field[data-path="${CSS.escape(focusedPath)}"] select`)?.focus();
  }

  function sectionElement(section: FormSection, read: (path: FormField["path"]) => string): HTMLElement {
    return h("fieldset", { "data-section": section.id },
      h("legend", {}, section.title),
      section.note ? h("p", { class: "muted" }, section.note) : null,
      section.rows.map((row) => h("div", {},
        row.title ? h("div", { class: "form-row-title" }, row.title,
          row.remove ? h("button", { type: "button", class: "small", "aria-label": `Remove ${row.title}`, onclick: () => applyText(removeItem(textarea.value, row.remove!.listPath, row.remove!.index), true) }, "Remove") : null) : null,
        h("div", { class: "form-row" }, row.fields.map((f) => fieldElement(f, read(f.path)))))),
      section.add ? h("div", { class: "button-row" }, section.add.map((a) => h("button", { type: "button", class: "small", onclick: () => applyText(appendItem(textarea.value, a.listPath, a.item), true) }, a.label))) : null);
  }

  function fieldElement(f: FormField, value: string): HTMLElement {
    const path = formatPath(f.path);
    let control: HTMLInputElement | HTMLSelectElement;
    if (f.kind === "select") {
      const options = [...(f.optional ? [""] : []), ...(f.options ?? [])];
      if (value !== "" && !options.includes(value)) options.push(value);
      control = h("select", { "data-path": path }, options.map((o) => h("option", { value: o }, o === "" ? `(default${f.placeholder ? `: ${f.placeholder}` : ""})` : o)));
      control.value = value;
      control.addEventListener("change", () => applyText(setFieldText(textarea.value, f.path, control.value), true));
    } else {
      control = h("input", { type: "text", value, placeholder: f.placeholder ?? "", "data-path": path, autocomplete: "off", spellcheck: "false" });
      control.addEventListener("input", () => applyText(setFieldText(textarea.value, f.path, control.value), false));
    }
    if (f.hint) control.title = f.hint;
    return field(f.label, control, { path });
  }

  /** Puts new text in the text area (keeping its scroll), saves it, validates. */
  function applyText(text: string, rebuildForm: boolean): void {
    const scroll = textarea.scrollTop;
    textarea.value = text;
    textarea.scrollTop = scroll;
    save(text);
    validate();
    if (rebuildForm) renderForm();
  }

  function reset(): void {
    const id = store.draft.sourceId;
    if (!id || !findBuiltin(id)) return;
    openBuiltin(context, id, { fresh: true });
    textarea.value = store.draft.text;
    validate();
    renderForm();
    context.notify("Back to the built-in version of the scenario.");
  }

  /** Brings back the draft a share link replaced (and keeps the link's draft in its place). */
  function restorePrevious(): void {
    if (!store.restorePreviousDraft()) return;
    textarea.value = store.draft.text;
    title.textContent = `Editor: ${currentName()}`;
    resetButton.hidden = !store.draft.sourceId || !findBuiltin(store.draft.sourceId);
    validate();
    renderForm();
    context.notify("Your previous draft is back; the shared scenario is kept as the previous draft.");
  }

  textarea.addEventListener("input", () => {
    save(textarea.value);
    clearTimeout(timer);
    timer = setTimeout(() => { validate(); renderForm(); }, VALIDATE_DELAY_MS);
  });
  textarea.addEventListener("scroll", () => { gutter.scrollTop = textarea.scrollTop; });

  const sourceId = store.draft.sourceId;
  title.textContent = `Editor: ${currentName()}`;
  resetButton.hidden = !sourceId || !findBuiltin(sourceId);
  restoreButton.hidden = store.previousDraft() === null;
  validate();
  renderForm();
  return () => clearTimeout(timer);
}
