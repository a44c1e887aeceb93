/**
 * Issue 20, defect 5: outputs are all-or-none. Every target is checked before any work (a
 * directory, an empty name or a missing directory is exit 2 with a one-line message), and when
 * a rename fails half-way the targets already replaced get their old content back.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { CliError } from "./exit-codes";
import { checkOutputOptions, writeFilesAtomically } from "./files";
import { freshDir } from "./test-support/run-cli";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return {
    ...actual,
    renameSync: (from: string, to: string) => {
      if (to.endsWith("fails-on-rename.txt")) throw Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
      return actual.renameSync(from, to);
    },
  };
});

describe("output files", () => {
  it("refuses a directory, an empty name and a missing directory before any work", () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, "adir"));
    const message = (options: Record<string, string>) => {
      try {
        checkOutputOptions(dir, options);
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        expect((error as CliError).exitCode).toBe(2);
        return (error as CliError).message;
      }
      return "";
    };
    expect(message({ "--out": "adir" })).toBe('clustersim: cannot write "adir" (--out): is a directory');
    expect(message({ "--junit": "" })).toBe('clustersim: cannot write "" (--junit): needs a file name, got an empty one');
    expect(message({ "--report": "nodir/r.html" })).toBe('clustersim: cannot write "nodir/r.html" (--report): no such file or directory');
    expect(message({ "--out": "-", "--report": "ok.html" })).toBe("");
  });

  it("restores every replaced target when a later rename fails", () => {
    const dir = freshDir();
    const keep = path.join(dir, "keep.json");
    writeFileSync(keep, "old");
    const outputs = [
      { path: keep, text: "new" },
      { path: path.join(dir, "fresh.txt"), text: "new" },
      { path: path.join(dir, "fails-on-rename.txt"), text: "new" },
    ];
    expect(() => writeFilesAtomically(outputs)).toThrow(/cannot write .*fails-on-rename\.txt: EIO/);
    expect(readFileSync(keep, "utf8")).toBe("old");
    expect(existsSync(path.join(dir, "fresh.txt"))).toBe(false);
    expect(readdirSync(dir)).toEqual(["keep.json"]); // no temporaries or backups left behind
  });

  it("writes all of them when every rename succeeds", () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "a"), "old");
    writeFilesAtomically([{ path: path.join(dir, "a"), text: "A" }, { path: path.join(dir, "b"), text: "B" }]);
    expect(readFileSync(path.join(dir, "a"), "utf8") + readFileSync(path.join(dir, "b"), "utf8")).toBe("AB");
    expect(readdirSync(dir).sort()).toEqual(["a", "b"]);
  });
});
