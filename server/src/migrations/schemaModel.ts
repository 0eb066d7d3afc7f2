/**
 * The tables that exist before a migration runs, folded from the
 * migrations before it. Later issues grow this into columns, constraints
 * and indexes; today it knows tables and where each was created.
 */

import { normaliseTableName, type TableEffects } from '../reverse/statementEffects';

export interface TableInSchema {
  name: string;
  /** Path of the migration that created it. */
  createdIn: string;
}

export class SchemaModel {
  private readonly tables = new Map<string, TableInSchema>();

  static empty(): SchemaModel {
    return new SchemaModel();
  }

  clone(): SchemaModel {
    const copy = new SchemaModel();
    for (const [name, table] of this.tables) copy.tables.set(name, table);
    return copy;
  }

  apply(effects: TableEffects, migrationPath: string): void {
    for (const name of effects.created) this.tables.set(name, { name, createdIn: migrationPath });
    for (const name of effects.dropped) this.tables.delete(name);
    for (const { from, to } of effects.renamed) {
      const table = this.tables.get(from);
      this.tables.delete(from);
      this.tables.set(to, { name: to, createdIn: table?.createdIn ?? migrationPath });
    }
  }

  table(name: string): TableInSchema | undefined {
    return this.tables.get(normaliseTableName(name));
  }

  get tableCount(): number {
    return this.tables.size;
  }
}
