/**
 * The two databases a shadow test compares: "before" (the history up to the
 * migration, with the seed data) and "after" (the same, then the forward).
 * On PGlite both are copies of one kept state, so the seed rows (defaults
 * such as now() included) are identical on both sides. On a real server each
 * is a throwaway database of its own (issue 6's safety rules) built the same
 * way; values a default computes at insert time can then differ, which the
 * report's differences would show.
 */

import { createHash } from 'node:crypto';
import type { DrillPlan } from '../drill/drillPlan';
import type { Database } from '../drill/database';
import { openPgliteWithState, pgliteExtensionsFor } from '../drill/pgliteDatabase';
import { applyHistory, runPart, toolTables } from '../drill/runDrill';
import { openScratchPostgres, type ScratchServer } from '../drill/scratchPostgres';
import { seedRows } from '../drill/seedRows';
import { seedSql } from '../drill/seedSql';

export interface ShadowSeed {
  sql?: string;
  rowsPerTable?: number;
}

export interface ShadowDatabases {
  before: Database;
  after: Database;
  close(): Promise<void>;
}

async function prepare(database: Database, plan: DrillPlan, seed: ShadowSeed): Promise<void> {
  if (plan.toolTableSql) await database.exec(plan.toolTableSql);
  await applyHistory(database, plan.history);
  if (seed.sql) await runPart(database, { file: 'seed', text: seedSql(seed.sql), inTransaction: true, start: 0 });
  if (seed.rowsPerTable) await seedRows(database, seed.rowsPerTable, toolTables(plan.toolTableSql));
}

function stateKey(plan: DrillPlan, seed: ShadowSeed, extensions: readonly string[]): string {
  const hash = createHash('sha256').update(
    `shadow\u0000${plan.toolTableSql ?? ''}\u0000${extensions.join(',')}\u0000${seed.sql ?? ''}\u0000${seed.rowsPerTable ?? 0}`,
  );
  for (const part of plan.history) hash.update(`\u0000${part.inTransaction ? 't' : 'a'}\u0000${part.text}`);
  return hash.digest('hex').slice(0, 32);
}

export async function openShadowDatabases(plan: DrillPlan, seed: ShadowSeed, server: ScratchServer | undefined): Promise<ShadowDatabases> {
  const opened: Database[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(opened.map((database) => database.close().catch(() => undefined)));
  };
  try {
    if (server) {
      for (let i = 0; i < 2; i++) {
        const database = await openScratchPostgres(server);
        opened.push(database);
        await prepare(database, plan, seed);
      }
    } else {
      const { available } = pgliteExtensionsFor([...plan.history, plan.forward].map((part) => part.text));
      const prepared = { key: stateKey(plan, seed, available), prepare: (database: Database) => prepare(database, plan, seed) };
      for (let i = 0; i < 2; i++) opened.push((await openPgliteWithState({ extensions: available, prepared })).database);
    }
    const [before, after] = opened as [Database, Database];
    await runPart(after, plan.forward);
    return { before, after, close };
  } catch (error) {
    await close();
    throw error;
  }
}
