/**
 * The relations a query touches, read off its parse tree: tables it reads
 * (ACCESS SHARE), rows it locks with FOR UPDATE/SHARE (ROW SHARE), tables it
 * writes (ROW EXCLUSIVE, also inside WITH), and the sequences it calls
 * nextval/setval/currval on (ROW EXCLUSIVE). PostgreSQL takes these while
 * parsing the query, so a view or rule body locks them too.
 */

import { relationName, type RangeVarNode } from './astNames';

export type WriteKind = 'insert' | 'update' | 'delete' | 'merge';

export interface QueryWrite {
  relation: RangeVarNode;
  kind: WriteKind;
  /** The statement node (InsertStmt, UpdateStmt, ...), for its column lists. */
  node: Record<string, unknown>;
}

export interface QueryRelations {
  reads: RangeVarNode[];
  /** Read with FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE. */
  rowLocked: RangeVarNode[];
  writes: QueryWrite[];
  /** Sequence names given to nextval/setval/currval as literals, with the parser location. */
  sequences: { name: string; location?: number }[];
  /** Some part has a WHERE clause: the planner may prune partitions, which it then does not lock. */
  filtered: boolean;
}

const WRITES: Record<string, WriteKind> = { InsertStmt: 'insert', UpdateStmt: 'update', DeleteStmt: 'delete', MergeStmt: 'merge' };
const SEQUENCE_FUNCTIONS = new Set(['nextval', 'setval', 'currval']);

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The RangeVars directly in a FROM list (through joins), without descending into subqueries. */
function fromListRelations(fromClause: unknown): RangeVarNode[] {
  const found: RangeVarNode[] = [];
  const visit = (item: unknown): void => {
    if (!isNode(item)) return;
    if (isNode(item['RangeVar'])) found.push(item['RangeVar'] as RangeVarNode);
    const join = item['JoinExpr'];
    if (isNode(join)) {
      visit(join['larg']);
      visit(join['rarg']);
    }
  };
  if (Array.isArray(fromClause)) for (const item of fromClause) visit(item);
  return found;
}

/** `FOR UPDATE OF a` names aliases or tables; with no list, every table in that FROM. */
const NO_ROWS_LOCKED: ReadonlySet<RangeVarNode> = new Set();

function rowLockedIn(select: Node): ReadonlySet<RangeVarNode> {
  const clauses = select['lockingClause'];
  if (!Array.isArray(clauses) || clauses.length === 0) return NO_ROWS_LOCKED;
  const candidates = fromListRelations(select['fromClause']);
  const locked = new Set<RangeVarNode>();
  for (const entry of clauses) {
    const clause = isNode(entry) ? (entry['LockingClause'] as Node | undefined) : undefined;
    const named = Array.isArray(clause?.['lockedRels']) ? (clause['lockedRels'] as { RangeVar?: RangeVarNode }[]) : [];
    if (named.length === 0) {
      for (const candidate of candidates) locked.add(candidate);
      continue;
    }
    for (const name of named) {
      const wanted = name.RangeVar?.relname;
      for (const candidate of candidates) {
        const alias = (candidate as RangeVarNode & { alias?: { aliasname?: string } }).alias?.aliasname;
        if (alias === wanted || (!alias && candidate.relname === wanted)) locked.add(candidate);
      }
    }
  }
  return locked;
}

function sequenceArgument(call: Node): { name: string; location?: number } | undefined {
  const names = call['funcname'];
  const last = Array.isArray(names) ? (names.at(-1) as { String?: { sval?: string } } | undefined)?.String?.sval : undefined;
  if (!last || !SEQUENCE_FUNCTIONS.has(last.toLowerCase())) return undefined;
  const args = call['args'];
  let first = Array.isArray(args) ? (args[0] as Node | undefined) : undefined;
  if (isNode(first?.['TypeCast'])) first = (first['TypeCast'] as Node)['arg'] as Node | undefined;
  const constant = first?.['A_Const'] as { sval?: { sval?: string }; location?: number } | undefined;
  const name = constant?.sval?.sval;
  if (!name) return undefined;
  return constant?.location === undefined ? { name } : { name, location: constant.location };
}

/** Everything a query (or a list of rule actions, a policy expression) touches, in one walk of the tree. */
export function queryRelations(tree: unknown): QueryRelations {
  const result: QueryRelations = { reads: [], rowLocked: [], writes: [], sequences: [], filtered: false };
  // `FROM x` may name a WITH query rather than a table; WITH comes after FROM in the tree, so filter at the end.
  const ctes = new Set<string>();

  const visit = (value: unknown, rowLocked: ReadonlySet<RangeVarNode>): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, rowLocked);
      return;
    }
    if (!isNode(value)) return;
    for (const key in value) {
      const child = value[key];
      if (typeof child !== 'object' || child === null) continue;
      if (key === 'whereClause') result.filtered = true;
      if (key === 'RangeVar') {
        const relation = child as RangeVarNode;
        (rowLocked.has(relation) ? result.rowLocked : result.reads).push(relation);
        continue;
      }
      if (key === 'CommonTableExpr' && typeof (child as Node)['ctename'] === 'string') ctes.add((child as Node)['ctename'] as string);
      if (key === 'SelectStmt') {
        const locked = rowLockedIn(child as Node);
        // The locking clause names relations by alias: its own RangeVars are not tables.
        const { lockingClause: _names, ...rest } = child as Node;
        visit(rest, locked);
        continue;
      }
      const writeKind = WRITES[key];
      if (writeKind) {
        const target = (child as Node)['relation'];
        if (isNode(target)) result.writes.push({ relation: target as RangeVarNode, kind: writeKind, node: child as Node });
        const { relation: _target, ...rest } = child as Node;
        visit(rest, NO_ROWS_LOCKED);
        continue;
      }
      if (key === 'FuncCall') {
        const sequence = sequenceArgument(child as Node);
        if (sequence) result.sequences.push(sequence);
      }
      // Relations a statement creates are new: nobody else can see them yet.
      if (key === 'intoClause') continue;
      visit(child, rowLocked);
    }
  };
  visit(tree, NO_ROWS_LOCKED);
  if (ctes.size > 0) {
    const isTable = (relation: RangeVarNode): boolean => relation.schemaname !== undefined || relation.relname === undefined || !ctes.has(relation.relname);
    result.reads = result.reads.filter(isTable);
    result.rowLocked = result.rowLocked.filter(isTable);
  }
  return result;
}

/** `name` of a RangeVar, for callers that only need strings. */
export function namesOf(relations: RangeVarNode[]): string[] {
  return relations.map((relation) => relationName(relation)).filter((name): name is string => name !== undefined);
}
