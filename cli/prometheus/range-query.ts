/**
 * One Prometheus range query over HTTP (`GET /api/v1/query_range`), for a scenario's
 * `workload.rate.replay.source`: the CLI fetches, the engine parses (it never touches the
 * network). The response body is returned as it came, success or Prometheus error alike: the
 * engine's parser turns `{"status":"error",...}` into a problem with Prometheus's own words.
 * Only what is not a Prometheus answer at all (no connection, a timeout, an HTML page from the
 * wrong URL) becomes an error here, naming the URL.
 */

/** What to ask and where. */
export interface RangeQuery {
  /** Base URL of the server, e.g. http://prometheus:9090 (a path prefix is kept). */
  url: string;
  query: string;
  /** Range and resolution: epoch ms and ms. */
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** Most time a query may take, ms; Prometheus's own default query timeout is 2 minutes. */
export const QUERY_TIMEOUT_MS = 120_000;

/** A failed fetch, with the URL and what to check. */
export class RangeQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RangeQueryError";
  }
}

/** The query_range URL of a query: times and step in seconds (Prometheus's float form). */
export function rangeQueryUrl(query: RangeQuery): URL {
  const base = query.url.endsWith("/") ? query.url : `${query.url}/`;
  const url = new URL("api/v1/query_range", base);
  url.searchParams.set("query", query.query);
  url.searchParams.set("start", String(query.startMs / 1000));
  url.searchParams.set("end", String(query.endMs / 1000));
  url.searchParams.set("step", String(query.stepMs / 1000));
  return url;
}

/**
 * Runs the query and returns the response's JSON text.
 * @throws RangeQueryError when the server cannot be reached, times out, or answers with
 *   something that is not a Prometheus API response (checked by its content type).
 */
export async function fetchRangeQuery(query: RangeQuery, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string> {
  const url = rangeQueryUrl(query);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? QUERY_TIMEOUT_MS);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    if (timeout.aborted) throw new RangeQueryError(`no answer from ${query.url} within ${(options.timeoutMs ?? QUERY_TIMEOUT_MS) / 1000} s`);
    if (options.signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new RangeQueryError(`cannot reach ${query.url}: ${cause?.code ?? cause?.message ?? String(error)} (is the URL right, and is Prometheus running?)`);
  }
  const text = await response.text();
  const json = (response.headers.get("content-type") ?? "").includes("json");
  if (!json) throw new RangeQueryError(`${url.origin}${url.pathname} answered HTTP ${response.status} ${response.statusText} with ${response.headers.get("content-type") ?? "no content type"}, not a Prometheus API response: is ${query.url} the Prometheus server's base URL?`);
  return text;
}
