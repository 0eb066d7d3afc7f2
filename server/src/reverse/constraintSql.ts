/**
 * A recorded constraint as `ADD CONSTRAINT name ...` takes it: primary
 * keys, unique and foreign keys rebuilt from the model (so renames since
 * are followed), CHECK as written. Undefined when it cannot be rebuilt
 * (exclusion constraints, `USING INDEX`, a CHECK whose text was not found).
 */

import type { ConstraintInSchema } from '../schema/schemaModel';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';

function list(items: readonly string[]): string {
  return items.map(quoteName).join(', ');
}

export function constraintDefinition(constraint: ConstraintInSchema): string | undefined {
  if (constraint.usingIndex) return undefined;
  const { columns } = constraint;
  switch (constraint.kind) {
    case 'primary key':
      return columns.length > 0 ? `PRIMARY KEY (${list(columns)})` : undefined;
    case 'unique':
      return columns.length > 0 ? `UNIQUE (${list(columns)})` : undefined;
    case 'foreign key': {
      if (!constraint.referencedTable || columns.length === 0) return undefined;
      const referenced = constraint.referencedColumns ?? [];
      const target = `${quoteQualified(constraint.referencedTable)}${referenced.length > 0 ? ` (${list(referenced)})` : ''}`;
      const onUpdate = constraint.onUpdate && constraint.onUpdate !== 'no action' ? ` ON UPDATE ${constraint.onUpdate.toUpperCase()}` : '';
      const onDelete = constraint.onDelete && constraint.onDelete !== 'no action' ? ` ON DELETE ${constraint.onDelete.toUpperCase()}` : '';
      return `FOREIGN KEY (${list(columns)}) REFERENCES ${target}${onUpdate}${onDelete}`;
    }
    case 'check':
      return constraint.checkSql;
    default:
      return undefined;
  }
}

/** `ALTER TABLE ... ADD CONSTRAINT ...` for `target` (`ALTER TABLE t`), NOT VALID as it was; undefined when it cannot be rebuilt. */
export function addConstraintSql(target: string, constraint: ConstraintInSchema): string | undefined {
  const definition = constraintDefinition(constraint);
  if (!definition) return undefined;
  const notValid = !constraint.validated && (constraint.kind === 'foreign key' || constraint.kind === 'check') ? ' NOT VALID' : '';
  return `${target} ADD CONSTRAINT ${quoteName(constraint.name)} ${definition}${notValid};`;
}
