/**
 * `SET (...)` / `RESET (...)` storage parameters lock by parameter
 * (AlterTableGetRelOptionsLockLevel: the strongest lock any listed parameter
 * needs, from each parameter's entry in reloptions.c). Parameters that only
 * steer vacuum, the planner or future writes take SHARE UPDATE EXCLUSIVE;
 * those that change what queries see (view options, user_catalog_table) or
 * how an index is read (gist buffering) take ACCESS EXCLUSIVE.
 */

import type { LockMode } from './lockModes';

const SHARE_UPDATE_EXCLUSIVE_PARAMETERS = new Set([
  'fillfactor',
  'toast_tuple_target',
  'parallel_workers',
  'vacuum_index_cleanup',
  'vacuum_truncate',
  'vacuum_max_eager_freeze_failure_rate',
  'log_autovacuum_min_duration',
  'autovacuum_enabled',
  'autovacuum_vacuum_threshold',
  'autovacuum_vacuum_max_threshold',
  'autovacuum_vacuum_scale_factor',
  'autovacuum_vacuum_insert_threshold',
  'autovacuum_vacuum_insert_scale_factor',
  'autovacuum_analyze_threshold',
  'autovacuum_analyze_scale_factor',
  'autovacuum_vacuum_cost_delay',
  'autovacuum_vacuum_cost_limit',
  'autovacuum_freeze_min_age',
  'autovacuum_freeze_max_age',
  'autovacuum_freeze_table_age',
  'autovacuum_multixact_freeze_min_age',
  'autovacuum_multixact_freeze_max_age',
  'autovacuum_multixact_freeze_table_age',
  // index parameters
  'deduplicate_items',
  'fastupdate',
  'gin_pending_list_limit',
  'pages_per_range',
  'autosummarize',
]);

export interface RelOptionsLock {
  mode: LockMode;
  /** The parameters that needed that mode. */
  parameters: string[];
}

/** Names as written, `toast.` prefix kept: `fillfactor`, `toast.autovacuum_enabled`. */
export function relOptionNames(definition: unknown): { name: string; qualified: string }[] {
  const items = (definition as { List?: { items?: { DefElem?: { defname?: string; defnamespace?: string } }[] } } | undefined)?.List?.items ?? [];
  return items
    .map((item) => item.DefElem)
    .filter((element): element is { defname: string; defnamespace?: string } => typeof element?.defname === 'string')
    .map((element) => ({ name: element.defname, qualified: element.defnamespace ? `${element.defnamespace}.${element.defname}` : element.defname }));
}

export function relOptionsLock(definition: unknown): RelOptionsLock {
  const names = relOptionNames(definition);
  const exclusive = names.filter((option) => !SHARE_UPDATE_EXCLUSIVE_PARAMETERS.has(option.name.toLowerCase())).map((option) => option.qualified);
  if (exclusive.length > 0) return { mode: 'ACCESS EXCLUSIVE', parameters: exclusive };
  return { mode: 'SHARE UPDATE EXCLUSIVE', parameters: names.map((option) => option.qualified) };
}
