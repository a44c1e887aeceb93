/**
 * The command table. A command is one file in this folder exporting a {@link Command}; to add
 * one, write `commands/<name>.ts` and add it to the list below (the order is the order of
 * `clustersim --help`). Parsing, --help, errors and exit codes are handled by main.ts; the
 * options the commands that run a scenario share are in options.ts.
 */
import type { Command } from "../command";
import { compareCommand } from "./compare";
import { importCommand } from "./import";
import { lessonCommand } from "./lesson";
import { listCommand } from "./list";
import { mergeCommand } from "./merge";
import { planCommand } from "./plan";
import { runCommand } from "./run";
import { sweepCommand } from "./sweep";
import { validateCommand } from "./validate";

export const commands: readonly Command[] = [runCommand, validateCommand, listCommand, sweepCommand, mergeCommand, compareCommand, planCommand, lessonCommand, importCommand];
