/**
 * `clustersim sweep --upload URL`: hands a finished shard to an object store with one HTTP PUT,
 * for sweeps whose shards are too big for a pod log (kubelet rotates container logs at about
 * 10 MiB, and `kubectl logs` returns only the current file).
 *
 * The URL is what the store gives for an anonymous upload: an S3 or GCS presigned PUT URL, an
 * Azure blob SAS URL (it needs `x-ms-blob-type: BlockBlob`, which is always sent; other stores
 * ignore it), or any HTTP endpoint that takes a PUT. `{shard}` in it is replaced by the shard
 * index; `@FILE` reads the URL from a file (`{shard}` replaced in the file name), so per-shard
 * presigned URLs — which are credentials — can come from a mounted Secret rather than the Job's
 * arguments. The body is the shard's bytes exactly (header line and sweep lines) with no
 * Content-Type, which a presigned URL signed without one requires.
 *
 * A failed upload is retried (3 attempts, 1 s then 2 s apart, 60 s each at most); then the
 * command fails with exit code 4, which a Kubernetes podFailurePolicy counts as retriable.
 */
import path from "node:path";
import { CliError, ExitCode } from "./exit-codes";
import { readTextFile } from "./files";

/** Attempts before giving up. */
const ATTEMPTS = 3;
/** Time allowed for one attempt, ms. */
const ATTEMPT_TIMEOUT_MS = 60_000;
/** Pause before the second attempt, ms; doubled for each later one. */
const RETRY_DELAY_MS = 1_000;

/**
 * The upload URL for a shard, from `--upload URL` or `--upload @FILE`.
 * @throws CliError (exit 2) for an unreadable file or a URL that is not http(s).
 */
export function resolveUploadUrl(option: string, shardIndex: number, cwd: string): string {
  const fill = (text: string): string => text.replaceAll("{shard}", String(shardIndex));
  const fromFile = option.startsWith("@");
  const url = fromFile ? readTextFile(path.resolve(cwd, fill(option.slice(1))), fill(option.slice(1))).trim() : fill(option);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`clustersim sweep: --upload ${fromFile ? `${option}: the file does not hold` : "needs"} an http(s) URL`, ExitCode.usage);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new CliError(`clustersim sweep: --upload needs an http(s) URL, got ${parsed.protocol}`, ExitCode.usage);
  return url;
}

/**
 * PUTs `text` to `url`, retrying failures.
 * @throws CliError (exit 4) when every attempt failed; the message names the last status or error
 * and the host, never the URL's query (a presigned URL's signature is a secret).
 */
export async function uploadShard(url: string, text: string, options: { signal: AbortSignal; delayMs?: number }): Promise<void> {
  const body = new TextEncoder().encode(text);
  const host = new URL(url).host;
  let lastProblem = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await pause((options.delayMs ?? RETRY_DELAY_MS) * 2 ** (attempt - 2), options.signal);
    try {
      const response = await fetch(url, {
        method: "PUT",
        body,
        headers: { "x-ms-blob-type": "BlockBlob" },
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      await response.arrayBuffer();
      if (response.ok) return;
      lastProblem = `HTTP ${response.status} ${response.statusText}`.trim();
    } catch (error) {
      if (options.signal.aborted) throw error;
      lastProblem = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    }
  }
  throw new CliError(`clustersim sweep: upload to ${host} failed ${ATTEMPTS} times (last: ${lastProblem}); the shard ran, retrying the shard may help`, ExitCode.uploadFailed);
}

function pause(delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, delayMs);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
