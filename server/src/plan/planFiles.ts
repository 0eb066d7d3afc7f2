/**
 * The files a plan becomes, named the way the folder's migration tool
 * expects: each phase a forward and its reverse, numbered after the last
 * migration (or, with `replace`, taking the naive migration's place), the
 * backfill scripts in a `backfills/` folder beside the migrations, and the
 * plan document. golang-migrate only for now; other tools are said to be
 * unsupported rather than guessed.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConventionName } from '../migrations/conventions';
import { PlanProblem, type ChangePlan } from './changePlan';
import { planDocument } from './planDocument';

export interface PlannedFile {
  path: string;
  text: string;
  kind: 'forward' | 'reverse' | 'backfill' | 'plan';
}

export interface PlannedChange {
  files: PlannedFile[];
  /** Files the plan replaces (the naive forward and its reverse), removed only with `replace`. */
  removed: string[];
}

export { PlanProblem } from './changePlan';

const GOLANG = /^(\d+)_(.+)\.(up|down)\.sql$/i;

export function planFiles(plan: ChangePlan, sourceFile: string, convention: ConventionName, options: { replace: boolean }): PlannedChange {
  if (convention !== 'golang-migrate') throw new PlanProblem(`writing a plan as ${convention} migrations is not supported yet (golang-migrate is).`);
  const directory = path.dirname(sourceFile);
  const source = GOLANG.exec(path.basename(sourceFile));
  if (!source || source[3]!.toLowerCase() !== 'up') throw new PlanProblem(`${path.basename(sourceFile)} is not a golang-migrate forward (N_name.up.sql).`);
  const width = source[1]!.length;
  const numbers = fs
    .readdirSync(directory)
    .map((name) => GOLANG.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]));
  const sourceNumber = Number(source[1]);
  if (options.replace && numbers.some((number) => number > sourceNumber)) {
    throw new PlanProblem(`migrations after ${path.basename(sourceFile)} exist: the phases cannot take its place; plan without --replace to add them at the end.`);
  }
  const first = options.replace ? sourceNumber : Math.max(...numbers) + 1;
  const number = (index: number): string => String(first + index).padStart(width, '0');
  const files: PlannedFile[] = [];
  plan.phases.forEach((phase, index) => {
    const base = path.join(directory, `${number(index)}_${phase.slug}`);
    files.push({ path: `${base}.up.sql`, text: phase.forward, kind: 'forward' }, { path: `${base}.down.sql`, text: phase.reverse, kind: 'reverse' });
  });
  const backfillDirectory = path.join(path.dirname(directory), 'backfills');
  for (const backfill of plan.backfills) {
    files.push({ path: path.join(backfillDirectory, `${number(backfill.afterPhase)}_${backfill.slug}.sql`), text: backfill.script, kind: 'backfill' });
  }
  const planPath = path.join(directory, `${source[1]}_${source[2]}.plan.md`);
  files.push({ path: planPath, text: planDocument(plan, files, planPath), kind: 'plan' });
  const removed = options.replace ? [sourceFile, path.join(directory, `${source[1]}_${source[2]}.down.sql`)].filter((file) => fs.existsSync(file)) : [];
  return { files, removed };
}

/** Writes the planned files, never over an existing one, and removes what the plan replaces. */
export function writePlannedChange(change: PlannedChange): void {
  const taken = change.files.filter((file) => fs.existsSync(file.path) && !change.removed.includes(file.path));
  if (taken.length > 0) throw new PlanProblem(`these files exist already, nothing was written: ${taken.map((file) => file.path).join(', ')}`);
  for (const file of change.removed) fs.rmSync(file);
  for (const file of change.files) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    fs.writeFileSync(file.path, file.text);
  }
}
