/** Shapes shared by the ALTER TABLE subcommand modules. */

import type { LockContext, LockFact } from '../lockFact';
import type { FactDetails } from '../lockFactBuilder';
import type { LockMode } from '../lockModes';
import type { AlterTableCmdNode } from '../../sql/ast';

/** The relation an ALTER TABLE / INDEX / VIEW / SEQUENCE names. */
export interface AlterTarget {
  name: string;
  location?: number;
  /** OBJECT_TABLE, OBJECT_INDEX, OBJECT_VIEW, OBJECT_MATVIEW, OBJECT_SEQUENCE, OBJECT_FOREIGN_TABLE. */
  objtype: string;
  /** False for `ALTER TABLE ONLY`: the subcommand does not recurse to partitions and children. */
  inh: boolean;
}

/** Which children a subcommand also changes (with the same lock): none, partitions only, or partitions and inheritance children. */
export type Recursion = 'none' | 'partitions' | 'all';

export interface SubcommandInput {
  command: AlterTableCmdNode;
  target: AlterTarget;
  context: LockContext;
  /** A fact on the target relation. */
  on: (mode: LockMode, reason: string, details?: FactDetails) => LockFact;
}

export interface SubcommandLocks {
  facts: LockFact[];
  /** The facts on the target also apply to these children. */
  recurse: Recursion;
}

export type SubcommandHandler = (input: SubcommandInput) => SubcommandLocks;
