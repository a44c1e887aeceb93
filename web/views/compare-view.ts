import type { AppContext } from "../app/runner";
export function mountComparisonView(container: HTMLElement, _context: AppContext): () => void { container.textContent = "compare"; return () => {}; }
