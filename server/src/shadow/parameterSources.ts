/**
 * Where values for a normalised query's `$n` placeholders can come from (a
 * pg_stat_statements query has no values of its own): the column the
 * placeholder is compared with, assigned to or inserted into, or a constant
 * for LIMIT and OFFSET. Read from the parse tree; a placeholder used any
 * other way has no source.
 */

import { relationName } from '../sql/astNames';
import { parseSql } from '../sql/parseSql';
import { queryRelations } from '../sql/queryRelations';

export type ParameterSource = { relations: string[]; column: string } | { constant: string };

type Node = Record<string, unknown>;

interface Relation {
  name: string;
  alias?: string;
}

/** The relations the statement names (its target first), with their aliases, as the lock facts read them. */
function relationsIn(statementNode: unknown): Relation[] {
  const found = queryRelations(statementNode);
  return [...found.writes.map((write) => write.relation), ...found.reads, ...found.rowLocked].flatMap((relation) => {
    const name = relationName(relation);
    const alias = (relation as { alias?: { aliasname?: string } }).alias?.aliasname;
    return name ? [{ name, ...(alias ? { alias } : {}) }] : [];
  });
}

function paramNumber(node: unknown): number | undefined {
  const value = node as Node | undefined;
  if (!value) return undefined;
  if (value['ParamRef']) return (value['ParamRef'] as { number: number }).number;
  if (value['TypeCast']) return paramNumber((value['TypeCast'] as Node)['arg']);
  return undefined;
}

function columnOf(node: unknown, relations: Relation[]): { relations: string[]; column: string } | undefined {
  const fields = ((node as Node | undefined)?.['ColumnRef'] as { fields?: Node[] } | undefined)?.fields;
  const names = fields?.map((field) => (field['String'] as { sval?: string } | undefined)?.sval);
  if (!names || names.some((name) => name === undefined)) return undefined;
  const column = names.at(-1)!;
  if (names.length === 1) return { relations: relations.map((relation) => relation.name), column };
  const qualifier = names.at(-2)!;
  const match = relations.find((relation) => relation.alias === qualifier || relation.name === qualifier || relation.name.endsWith(`.${qualifier}`));
  return match ? { relations: [match.name], column } : undefined;
}

function collect(node: unknown, relations: Relation[], sources: Map<number, ParameterSource>): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, relations, sources);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Node;
  const expression = record['A_Expr'] as Node | undefined;
  if (expression) {
    for (const [columnSide, valueSide] of [
      [expression['lexpr'], expression['rexpr']],
      [expression['rexpr'], expression['lexpr']],
    ] as const) {
      const column = columnOf(columnSide, relations);
      if (!column) continue;
      const values = ((valueSide as Node | undefined)?.['List'] as { items?: unknown[] } | undefined)?.items ?? [valueSide];
      for (const value of values) {
        const number = paramNumber(value);
        if (number !== undefined && !sources.has(number)) sources.set(number, column);
      }
    }
  }
  for (const [key, value] of Object.entries(record)) {
    if ((key === 'limitCount' || key === 'limitOffset') && paramNumber(value) !== undefined) {
      sources.set(paramNumber(value)!, { constant: key === 'limitCount' ? '10' : '0' });
    } else collect(value, relations, sources);
  }
}

/** Sources for the placeholders of one statement, by number; `count` is the highest placeholder number used. */
export async function parameterSources(sql: string): Promise<{ sources: Map<number, ParameterSource>; count: number }> {
  const count = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
  const sources = new Map<number, ParameterSource>();
  const parsed = await parseSql(sql);
  const statement = parsed.statements[0];
  if (parsed.statements.length !== 1 || !statement?.kind || !statement.node) return { sources, count };
  const body = statement.node[statement.kind] as Node;
  const relations = relationsIn(statement.node);
  collect(body, relations, sources);
  const target = relations[0]?.name;
  // UPDATE ... SET column = $n, and INSERT (columns) VALUES ($n, ...): the written column.
  if (target && statement.kind === 'UpdateStmt') {
    for (const item of (body['targetList'] as Node[] | undefined) ?? []) {
      const result = item['ResTarget'] as { name?: string; val?: unknown } | undefined;
      const number = paramNumber(result?.val);
      if (result?.name && number !== undefined && !sources.has(number)) sources.set(number, { relations: [target], column: result.name });
    }
  }
  if (target && statement.kind === 'InsertStmt') {
    const columns = ((body['cols'] as Node[] | undefined) ?? []).map((item) => (item['ResTarget'] as { name?: string }).name);
    const rows =
      (((body['selectStmt'] as Node | undefined)?.['SelectStmt'] as Node | undefined)?.['valuesLists'] as { List: { items: unknown[] } }[] | undefined) ?? [];
    for (const row of rows) {
      row.List.items.forEach((value, index) => {
        const number = paramNumber(value);
        const column = columns[index];
        if (number !== undefined && column && !sources.has(number)) sources.set(number, { relations: [target], column });
      });
    }
  }
  return { sources, count };
}
