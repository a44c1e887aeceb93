import type { AppContext } from "../app/runner";
export function mountPlannerView(container: HTMLElement, _context: AppContext): () => void { container.textContent = "planner"; return () => {}; }
