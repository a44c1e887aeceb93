/**
 * A tiny DOM builder: `h("button", { class: "primary", onclick }, "Run")`. Plain TypeScript
 * and DOM, no framework: views build elements once and update them in place.
 */

/** Attribute values: strings/numbers become attributes, functions become listeners (`on...`). */
export type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;
/** Children: elements, text, or nothing. */
export type Child = Node | string | number | null | undefined | false | Child[];

/** Creates an HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** Sets attributes and listeners on an element (false/null/undefined remove the attribute). */
export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value as EventListener);
    else if (value === false || value === null || value === undefined) element.removeAttribute(name);
    else if (value === true) element.setAttribute(name, "");
    else if (name === "value" && "value" in element) (element as HTMLInputElement).value = String(value);
    else element.setAttribute(name, String(value));
  }
}

/** Appends children (flattening arrays, skipping empty values). */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A labelled form field: `<label>text <input></label>` with an error slot after it. */
export function field(label: string, control: HTMLElement, options: { hint?: string; path?: string } = {}): HTMLElement {
  const id = control.id || `field-${++fieldCounter}`;
  control.id = id;
  const errorId = `${id}-error`;
  control.setAttribute("aria-describedby", errorId);
  return h("div", { class: "field", "data-path": options.path },
    h("label", { for: id }, label),
    control,
    options.hint ? h("small", { class: "hint" }, options.hint) : null,
    h("div", { class: "field-error", id: errorId, role: "alert" }));
}
let fieldCounter = 0;

/** Saves text as a file download. */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Saves a blob as a file download. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: fileName });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
