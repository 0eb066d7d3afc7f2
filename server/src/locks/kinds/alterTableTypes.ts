/** Shapes shared by the ALTER TABLE subcommand modules. */

import type { RangeVarNode, TypeNameNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import type { FactDetails } from '../lockFactBuilder';
import type { LockMode } from '../lockModes';

export interface ConstraintNode {
  contype?: string;
  conname?: string;
  pktable?: RangeVarNode;
  fk_attrs?: { String?: { sval?: string } }[];
  pk_attrs?: { String?: { sval?: string } }[];
  skip_validation?: boolean;
  initially_valid?: boolean;
  indexname?: string;
  raw_expr?: unknown;
  generated_when?: string;
}

export interface ColumnDefNode {
  colname?: string;
  typeName?: TypeNameNode;
  constraints?: { Constraint?: ConstraintNode }[];
  raw_default?: unknown;
  collClause?: unknown;
}

export interface AlterTableCmdNode {
  subtype?: string;
  name?: string;
  behavior?: string;
  def?: {
    ColumnDef?: ColumnDefNode;
    Constraint?: ConstraintNode;
    RangeVar?: RangeVarNode;
    PartitionCmd?: { name?: RangeVarNode; bound?: { is_default?: boolean }; concurrent?: boolean };
    ReplicaIdentityStmt?: { identity_type?: string; name?: string };
    List?: unknown;
  } & Record<string, unknown>;
}

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
