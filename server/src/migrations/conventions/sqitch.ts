/**
 * Sqitch: `deploy/x.sql` / `revert/x.sql` (`verify/x.sql` is neither), in
 * the order of `sqitch.plan`. Scripts run through psql, statement by
 * statement, and bring their own BEGIN/COMMIT.
 */

import * as path from 'node:path';
import { projectFiles, rethrowIfRefused } from '../../files/projectFiles';
import { wholeFile, type Convention, type FileContext, type MigrationPart, type PartRole } from './convention';

/** The sqitch project root: the nearest directory up from the file holding `sqitch.plan`. */
function sqitchRoot(file: FileContext): string | undefined {
  let directory = path.dirname(file.directory);
  for (let depth = 0; depth < 4; depth++) {
    if (projectFiles.exists(path.join(directory, 'sqitch.plan'))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return undefined;
}

/** Change names in plan order (lines that are not comments, pragmas or tags). */
export function sqitchPlanChanges(planText: string): string[] {
  const changes: string[] = [];
  for (const line of planText.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('%') || trimmed.startsWith('@')) continue;
    const name = trimmed.split(/\s+/)[0]!;
    if (!changes.includes(name)) changes.push(name);
  }
  return changes;
}

export const sqitch: Convention = {
  name: 'sqitch',
  forwardOnly: false,
  matches: (file) => ['deploy', 'revert', 'verify'].includes(path.basename(file.directory)) && sqitchRoot(file) !== undefined,
  layout(file) {
    const kind = path.basename(file.directory);
    const role: PartRole = kind === 'deploy' ? 'forward' : kind === 'revert' ? 'reverse' : 'verify';
    return { convention: 'sqitch', forwardOnly: false, sections: [wholeFile(file, role, 'none', file.name.replace(/\.sql$/, ''))] };
  },
  counterpart(file) {
    const kind = path.basename(file.directory);
    const other = path.join(path.dirname(file.directory), kind === 'deploy' ? 'revert' : 'deploy', file.name);
    return { file: other, exists: projectFiles.exists(other) };
  },
  earlierForwards(file, role) {
    const root = sqitchRoot(file);
    if (!root) return [];
    let changes: string[];
    try {
      changes = sqitchPlanChanges(projectFiles.readText(path.join(root, 'sqitch.plan')));
    } catch (error) {
      rethrowIfRefused(error);
      return [];
    }
    const own = file.name.replace(/\.sql$/, '');
    const at = changes.indexOf(own);
    const earlier = at === -1 ? changes : changes.slice(0, role === 'reverse' ? at + 1 : at);
    return earlier.map((change): MigrationPart => ({ file: path.join(root, 'deploy', `${change}.sql`) }));
  },
  bookkeeping: { tables: ['sqitch.changes', 'sqitch.events', 'sqitch.dependencies', 'sqitch.tags', 'sqitch.projects', 'sqitch.releases'] },
};
