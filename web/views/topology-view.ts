import type { AppContext } from "../app/runner";
export function mountTopologyView(container: HTMLElement, _context: AppContext): () => void { container.textContent = "topology"; return () => {}; }
