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
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
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

  /** Appends text (UTF-8). */
  write(text: string): void {
    writeSync(this.fd, text);
  }

  /** Closes the temporary and renames it to the target. */
  commit(): void {
    this.close();
    renameSync(this.tempPath, this.targetPath);
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
 * first, then all are renamed.
 */
export function writeFilesAtomically(outputs: ReadonlyArray<{ path: string; text: string }>): void {
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
  for (const file of files) file.commit();
}

/**
 * Reads a UTF-8 text file.
 * @param displayName how the file is named in the error (the path as the user wrote it).
 * @throws CliError (exit 2): `cannot read scenarios/x.yaml: no such file`.
 */
export function readTextFile(filePath: string, displayName = filePath): string {
  try {
    return readFileSync(filePath, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${displayName}: ${describeFsError(error)}`, ExitCode.usage);
  }
}

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
