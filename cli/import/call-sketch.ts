/**
 * A sketch of the call graph from what deployment files hint at: Compose's `depends_on`, or a
 * Kubernetes container's environment naming another Service (`DB_HOST=db`,
 * `APP_URL=http://app:8080`). Each entry point becomes a call tree, depth-first, a service
 * never calling itself again further down (a cycle is cut and noted), at most
 * {@link SKETCH_DEPTH_MAX} deep (the scenario language's limit).
 */
import type { CallSketch } from "./skeleton";

/** Deepest call tree sketched (clustersim's CALL_DEPTH_MAX). */
export const SKETCH_DEPTH_MAX = 8;

/** Service names an env value refers to as a host: `db`, `db:5432`, `http://app:8080/x`, `app.shop.svc`. */
export function hostsIn(value: string, serviceNames: readonly string[]): string[] {
  return serviceNames.filter((name) => new RegExp(`(^|[/@=,\\s])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([.:/,\\s]|$)`).test(value));
}

/** The call trees from `entries`, following `callees(name)`, with notes on cycles and where the calls came from. */
export function sketchCalls(entries: readonly string[], serviceNames: readonly string[], evidence: (name: string) => string[], how = "a container's environment names it"): { entries: CallSketch[]; notes: string[] } {
  const notes: string[] = [];
  const cut = new Set<string>();
  const callees = (name: string) => [...new Set(evidence(name).flatMap((value) => hostsIn(value, serviceNames)))].filter((callee) => callee !== name);
  const tree = (name: string, path: readonly string[]): CallSketch => {
    const calls: CallSketch[] = [];
    if (path.length < SKETCH_DEPTH_MAX) {
      for (const callee of callees(name)) {
        if (path.includes(callee)) cut.add(`${name} -> ${callee}`);
        else calls.push(tree(callee, [...path, callee]));
      }
    }
    return { service: name, calls };
  };
  const result = entries.map((entry) => tree(entry, [entry]));
  const edges = result.flatMap(function edgesOf(call: CallSketch): string[] {
    return call.calls.flatMap((child) => [`${call.service} -> ${child.service}`, ...edgesOf(child)]);
  });
  notes.push(edges.length === 0 ? "No calls between services found: add each entry's downstream calls (calls:)." : `Calls sketched where ${how}: ${[...new Set(edges)].join(", ")}.`);
  if (cut.size > 0) notes.push(`Cycles cut: ${[...cut].join(", ")}.`);
  return { entries: result, notes };
}
