// sweep --upload: a finished shard goes to an object store with one HTTP PUT of exactly the
// bytes it wrote, the URL can come from a file (a mounted Secret) with {shard} filled in, a
// failing store is retried and then exits 4, and the URL's signature never reaches the log.
// The store is an HTTP server on 127.0.0.1 in this process.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDir, runCliAsync as runCli, SHORT } from "./test-support/run-cli";

interface Put {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const TINY = ["sweep", "three-tier", ...SHORT, "--grid", "topology.groups.app.count=4,8"];

describe.concurrent("clustersim sweep --upload", () => {
  const puts: Put[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      request.on("end", () => {
        puts.push({ path: request.url ?? "", headers: request.headers, body });
        response.statusCode = request.method === "PUT" && !request.url?.startsWith("/broken/") ? 200 : 503;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("PUTs the shard's exact bytes to the URL with {shard} filled in, and keeps the signature out of the log", async () => {
    const dir = freshDir();
    const outcome = await runCli([...TINY, "--shard", "1/2", "--out", "-", "--upload", `${base}/bucket/shard-{shard}.jsonl?X-Amz-Signature=s3cr3t`], { cwd: dir });
    expect(outcome.code, outcome.stderr).toBe(0);
    const put = puts.find((p) => p.path === "/bucket/shard-1.jsonl?X-Amz-Signature=s3cr3t");
    expect(put?.body).toBe(outcome.stdout);
    expect(outcome.stdout.split("\n")[0]).toMatch(/^\{"format":"clustersim-sweep-shard\/1",.*"shard":1,"shards":2,"jobs":2,"lines":1\}$/);
    expect(put?.headers["content-type"]).toBeUndefined();
    expect(put?.headers["x-ms-blob-type"]).toBe("BlockBlob");
    expect(outcome.stderr).toContain(`uploaded 1 lines to 127.0.0.1:`);
    expect(outcome.stderr).not.toContain("s3cr3t");
  });

  it("reads the URL from @FILE, e.g. a Secret with one presigned URL per shard", async () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, "upload"));
    writeFileSync(path.join(dir, "upload/0"), `${base}/from-secret/zero?sig=a\n`);
    const outcome = await runCli([...TINY, "--shard", "0/2", "-q", "--out", "shard.jsonl", "--upload", "@upload/{shard}"], { cwd: dir });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(puts.find((p) => p.path === "/from-secret/zero?sig=a")?.body).toMatch(/^\{"format":"clustersim-sweep-shard\/1",.*"shard":0,/);
  });

  it("retries a failing store, then exits 4 naming the host and status but not the query", async () => {
    const dir = freshDir();
    const outcome = await runCli([...TINY, "--shard", "0/2", "-q", "--out", "-", "--upload", `${base}/broken/x?sig=s3cr3t`], { cwd: dir });
    expect(outcome.code).toBe(4);
    expect(puts.filter((p) => p.path === "/broken/x?sig=s3cr3t")).toHaveLength(3);
    expect(outcome.stderr).toMatch(/^clustersim sweep: upload to 127\.0\.0\.1:\d+ failed 3 times \(last: HTTP 503 Service Unavailable\); the shard ran, retrying the shard may help\n$/);
  });

  it("refuses a URL that is not http(s) before running anything (exit 2)", async () => {
    const outcome = await runCli([...TINY, "--upload", "s3://bucket/key"], { cwd: freshDir() });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe("clustersim sweep: --upload needs an http(s) URL, got s3:\n");
  });
});
