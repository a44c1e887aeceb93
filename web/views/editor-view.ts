import type { AppContext } from "../app/runner";
export function mountEditorView(container: HTMLElement, _context: AppContext): () => void { container.textContent = "editor"; return () => {}; }
