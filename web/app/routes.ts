/**
 * The page's address: `#/screen?key=value&...`. The screen is the view; the parameters carry
 * what the view shows, so reload, back and forward return to it: `scenario` (a built-in id),
 * `seed`, `run` (a saved run's archive key) and `from` / `to` (the charts' visible range, ms).
 * Share links (`#share=...`) are not routes (share-link.ts reads them).
 */

/** A parsed route. */
export interface Route {
  screen: string;
  params: Record<string, string>;
}

/** Parses `#/run?scenario=black-friday&seed=11` (empty or `#`: the gallery). */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const [path = "", query = ""] = body.split("?", 2);
  const screen = path.split("/")[0] || "gallery";
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) params[key] = value;
  return { screen, params };
}

/** Formats a route; parameters with empty or undefined values are left out, in the given order. */
export function formatRoute(screen: string, params: Record<string, string | number | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  const text = query.toString();
  return `#/${screen}${text ? `?${text}` : ""}`;
}

/** A whole number >= 0 from a parameter, or null. */
export function intParam(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** The charts' range from `from` / `to`, or null unless both are whole ms with from < to. */
export function rangeParam(params: Record<string, string>): [number, number] | null {
  const from = intParam(params.from), to = intParam(params.to);
  return from !== null && to !== null && from < to ? [from, to] : null;
}

/**
 * Replaces the current address's parameters (same screen) without a history entry or a
 * hashchange: the view's state is in the URL for reload and sharing, and back still goes to
 * the previous screen.
 */
export function replaceParams(params: Record<string, string | number | null | undefined>): void {
  const current = parseRoute(location.hash);
  const next = formatRoute(current.screen, params);
  if (next !== location.hash) history.replaceState(history.state, "", next);
}
