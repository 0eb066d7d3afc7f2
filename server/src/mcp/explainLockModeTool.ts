/** `explain_lock_mode`: one lock mode from the lock knowledge base, the same facts the editor's hover on a mode name shows. */

import { z } from 'zod';
import { conflictsWith, describeBlocking, LOCK_MODES, lockModeNamed, operationsBlockedBy, pgLocksName } from '../locks/lockModes';
import { TYPICAL_STATEMENTS } from '../locks/lockModeDocs';
import { defineTool } from './tool';
import { ToolInputError } from './toolErrors';

export const explainLockModeTool = defineTool({
  name: 'explain_lock_mode',
  title: 'Explain a table lock mode',
  description:
    "Explains one of PostgreSQL's eight table lock modes: which modes it conflicts with (must wait for each other), which it does not, " +
    'what everyday traffic it blocks (reads, writes, SELECT FOR UPDATE, VACUUM and other DDL) while it is held and while it waits in ' +
    'the lock queue, and which statements typically take it. Accepts "SHARE ROW EXCLUSIVE", "share row exclusive mode" or the ' +
    'pg_locks spelling "ShareRowExclusiveLock". An unknown name is an error listing the eight modes.',
  input: {
    mode: z.string().describe('A lock mode name, e.g. "ACCESS EXCLUSIVE" or "ShareLock".'),
  },
  output: {
    mode: z.enum(LOCK_MODES),
    pgLocksName: z.string().describe('How pg_locks.mode spells it.'),
    conflictsWith: z.array(z.enum(LOCK_MODES)).describe('Modes that cannot be held at the same time on the same table: one waits.'),
    compatibleWith: z.array(z.enum(LOCK_MODES)),
    blocks: z.array(z.string()).describe('Everyday operations that wait while this mode is held or queued.'),
    summary: z.string(),
    typicalStatements: z.array(z.string()),
  },
  async run(input) {
    const mode = lockModeNamed(input.mode);
    if (!mode) throw new ToolInputError(`"${input.mode}" is not a table lock mode. The modes are: ${LOCK_MODES.join(', ')}.`);
    const conflicts = conflictsWith(mode);
    return {
      mode,
      pgLocksName: pgLocksName(mode),
      conflictsWith: [...conflicts],
      compatibleWith: LOCK_MODES.filter((other) => !conflicts.includes(other)),
      blocks: operationsBlockedBy(mode),
      summary: `${mode} ${describeBlocking(mode)}.`,
      typicalStatements: [...TYPICAL_STATEMENTS[mode]],
    };
  },
});
