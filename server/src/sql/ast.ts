/**
 * The shapes of the parser's nodes that fearless reads, declared once.
 * libpg_query's JSON has many more fields; each node lists only those some
 * module uses, all optional, as the parser omits defaults.
 */

export interface RangeVarNode {
  schemaname?: string;
  relname?: string;
  location?: number;
  relpersistence?: string;
  /** false for `ONLY table`: the statement does not reach inheritance children or partitions. */
  inh?: boolean;
}

export interface StringNode {
  String?: { sval?: string };
}

export interface TypeNameNode {
  names?: StringNode[];
  typmods?: { A_Const?: { ival?: { ival?: number } } }[];
  arrayBounds?: unknown[];
  location?: number;
}

export interface ConstraintNode {
  /** CONSTR_CHECK, CONSTR_FOREIGN, CONSTR_PRIMARY, CONSTR_UNIQUE, CONSTR_EXCLUSION, CONSTR_NOTNULL, CONSTR_DEFAULT... */
  contype?: string;
  conname?: string;
  /** Where the constraint starts in the statement (its CONSTRAINT, DEFAULT, CHECK... keyword), in bytes. */
  location?: number;
  pktable?: RangeVarNode;
  fk_attrs?: StringNode[];
  pk_attrs?: StringNode[];
  fk_del_action?: string;
  fk_upd_action?: string;
  keys?: StringNode[];
  /** NOT VALID. */
  skip_validation?: boolean;
  initially_valid?: boolean;
  /** CHECK's expression, a DEFAULT's value, a generated column's expression. */
  raw_expr?: unknown;
  /** ... USING INDEX name. */
  indexname?: string;
  /** UNIQUE / PRIMARY KEY ... INCLUDE (columns). */
  including?: StringNode[];
  /** EXCLUDE: per element, a List of its IndexElem and its operator. */
  exclusions?: { List?: { items?: unknown[] } }[];
  /** WITH (...) storage options of the constraint's index. */
  options?: unknown[];
  /** GENERATED ALWAYS ('a') or BY DEFAULT ('d'). */
  generated_when?: string;
}

export interface ColumnDefNode {
  colname?: string;
  typeName?: TypeNameNode;
  constraints?: { Constraint?: ConstraintNode }[];
  /** ALTER COLUMN ... TYPE ... USING expression. */
  raw_default?: unknown;
  collClause?: unknown;
  location?: number;
}

export interface AlterTableCmdNode {
  /** AT_AddColumn, AT_DropColumn, AT_AlterColumnType, AT_AddConstraint... */
  subtype?: string;
  /** The column or constraint the subcommand names. */
  name?: string;
  missing_ok?: boolean;
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
