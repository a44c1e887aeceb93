/**
 * File input and output for the CLI.
 *
 * Outputs are never half-written: each one goes to a temporary file beside its target and is
 * renamed into place when complete (rename within a directory is atomic on POSIX), so a
 * Ctrl-C, a crash or a full disk leaves either the old file or the new one, never a torn one.
 * Pending temporaries are tracked so an interrupt can delete them ({@link discardPendingFiles}).
 * Failures to read or write are the user's to fix (a typo, a missing directory) and become
 * one-line errors with exit code 2.
 */
import { closeSync, copyFileSync, fstatSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { CliError, ExitCode } from "./exit-codes";

/** Temporaries not yet renamed into place, by temp path. */
const pending = new Map<string, PendingFile>();
let tempCounter = 0;

/** An output being written: append text, then {@link commit} (rename into place) or {@link discard}. */
export class PendingFile {
  private readonly fd: number;
  private closed = false;
  readonly tempPath: string;

  /** @throws CliError (exit 2) when the temporary cannot be created (missing directory...). */
  constructor(readonly targetPath: string) {
    const dir = path.dirname(targetPath);
    tempCounter += 1;
    this.tempPath = path.join(dir, `.${path.basename(targetPath)}.${process.pid}-${tempCounter}.tmp`);
    try {
      this.fd = openSync(this.tempPath, "w");
    } catch (error) {
      throw new CliError(`cannot write ${targetPath}: ${describeFsError(error)}`, ExitCode.usage);
    }
    pending.set(this.tempPath, this);
  }

  /**
   * Appends text (UTF-8).
   * @throws CliError (exit 2) when the write fails (a full disk...).
   */
  write(text: string): void {
    try {
      writeSync(this.fd, text);
    } catch (error) {
      throw new CliError(`cannot write ${this.targetPath}: ${describeFsError(error)}`, ExitCode.usage);
    }
  }

  /**
   * Closes the temporary and renames it to the target.
   * @throws CliError (exit 2) when the rename fails; the temporary is then deleted.
   */
  commit(): void {
    this.close();
    try {
      renameSync(this.tempPath, this.targetPath);
    } catch (error) {
      this.discard();
      throw new CliError(`cannot write ${this.targetPath}: ${describeFsError(error)}`, ExitCode.usage);
    }
    pending.delete(this.tempPath);
  }

  /** Closes and deletes the temporary; the target is left as it was. */
  discard(): void {
    this.close();
    rmSync(this.tempPath, { force: true });
    pending.delete(this.tempPath);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Deletes every temporary not yet committed (on interrupt or error). Never throws. */
export function discardPendingFiles(): void {
  for (const file of [...pending.values()]) {
    try {
      file.discard();
    } catch {
      // Best effort: the process is exiting and the temporary's name says what it is.
    }
  }
}

/**
 * Writes several outputs so that either all of them appear or none: every temporary is written
 * first, then all are renamed. If a rename fails, the targets already replaced get their old
 * content back (from a copy taken before the first rename) and new ones are removed.
 * @throws CliError (exit 2) naming the output that could not be written.
 */
export function writeFilesAtomically(outputs: ReadonlyArray<{ path: string; text: string }>): void {
  for (const output of outputs) checkOutputPath(output.path);
  const files: PendingFile[] = [];
  try {
    for (const output of outputs) {
      const file = new PendingFile(output.path);
      files.push(file);
      file.write(output.text);
    }
  } catch (error) {
    for (const file of files) file.discard();
    throw error;
  }
  if (files.length === 1) return files[0]!.commit();
  const backups = files.map((file) => backUp(file.targetPath));
  let done = 0;
  try {
    for (; done < files.length; done++) files[done]!.commit();
  } catch (error) {
    for (let k = 0; k < files.length; k++) {
      if (k > done) files[k]!.discard();
      if (k >= done) continue;
      const backup = backups[k];
      try {
        if (backup === null) rmSync(files[k]!.targetPath, { force: true });
        else renameSync(backup!, files[k]!.targetPath);
      } catch {
        // Best effort: the backup keeps its name beside the target.
      }
    }
    throw error;
  } finally {
    for (const backup of backups) if (backup !== null) rmSync(backup, { force: true });
  }
}

/** A copy of `target` beside it (null when there is no such file), to restore after a failed rename. */
function backUp(target: string): string | null {
  tempCounter += 1;
  const backup = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${tempCounter}.bak`);
  try {
    copyFileSync(target, backup);
    return backup;
  } catch {
    return null;
  }
}

/**
 * Checks that `target` can be an output, before any work is done: a file name is given, it is
 * not a directory or a device, and its directory exists.
 * @param shown how the message names it: the path as the user wrote it, and the option.
 * @throws CliError (exit 2): `clustersim: cannot write out/ (--report): is a directory`.
 */
export function checkOutputPath(target: string, shown = target): void {
  const fail = (why: string): never => {
    throw new CliError(`clustersim: cannot write ${shown}: ${why}`, ExitCode.usage);
  };
  if (target.trim() === "") fail("needs a file name, got an empty one");
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(target);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") fail(describeFsError(error));
  }
  if (stat !== undefined && stat.isDirectory()) fail("is a directory");
  if (stat !== undefined && !stat.isFile()) fail("not a regular file (give - to write to stdout)");
  let parent: ReturnType<typeof statSync> | undefined;
  try {
    parent = statSync(path.dirname(target));
  } catch (error) {
    fail(describeFsError(error));
  }
  if (parent !== undefined && !parent.isDirectory()) fail("a part of the path is not a directory");
}

/**
 * Checks every output a command was asked to write (options left out are skipped), before it
 * runs anything: the all-or-none promise starts before the work, not after it.
 */
export function checkOutputOptions(cwd: string, options: Record<string, string | undefined>): void {
  for (const [option, value] of Object.entries(options)) {
    if (value === undefined || value === "-") continue;
    checkOutputPath(value.trim() === "" ? "" : path.resolve(cwd, value), `${JSON.stringify(value)} (${option})`);
  }
}

/** Largest scenario, answer or settings file read, bytes (a scenario is a few KB). */
export const MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024;
/** Largest data file (recorded traffic, a Result to compare, a shard file) read, bytes. */
export const MAX_DATA_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a UTF-8 text file, refusing what is not one before reading it all: a directory, a
 * device or pipe (`/dev/zero` would read forever), a file over `maxBytes`, binary content.
 * @param displayName how the file is named in the error (the path as the user wrote it).
 * @throws CliError (exit 2): `cannot read scenarios/x.yaml: no such file`.
 */
export function readTextFile(filePath: string, displayName = filePath, maxBytes = MAX_TEXT_FILE_BYTES): string {
  const fail = (why: string): never => {
    throw new CliError(`cannot read ${displayName}: ${why}`, ExitCode.usage);
  };
  let fd: number | undefined;
  try {
    fd = openSync(filePath, "r");
    const stat = fstatSync(fd);
    if (stat.isDirectory()) fail("is a directory");
    if (!stat.isFile()) fail("not a regular file (a device, pipe or socket)");
    if (stat.size > maxBytes) fail(`${megabytes(stat.size)} is more than the ${megabytes(maxBytes)} a file may have`);
    const bytes = readFileSync(fd);
    if (bytes.length > maxBytes) fail(`more than the ${megabytes(maxBytes)} a file may have`);
    const nul = bytes.subarray(0, 65_536).indexOf(0);
    if (nul >= 0) fail(`not a text file (a NUL byte at offset ${nul}: binary content)`);
    return bytes.toString("utf8");
  } catch (error) {
    if (error instanceof CliError) throw error;
    return fail(describeFsError(error));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** "no such file", "permission denied", "is a directory", or the system's message. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
