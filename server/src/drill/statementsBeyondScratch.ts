/**
 * Statements whose effects reach past a drill's scratch database on a real
 * server: the cluster's databases, roles, tablespaces and configuration,
 * the database host's files and programs, other servers. A drill refuses
 * them before sending anything; the check on the role and the snapshot of
 * the server's global state (serverConfinement) catch what text cannot
 * show, such as SQL built at run time inside a function.
 *
 * PGlite needs none of this: it runs inside the process, on a throwaway
 * copy, with no host programs or other databases to reach.
 */

import { parseSql, type ParsedStatement } from '../sql/parseSql';
import { shortened } from '../wording';

export interface BeyondScratch {
  /** The statement's first line, as written. */
  statement: string;
  /** What it reaches, e.g. "changes the configuration of the whole server (ALTER SYSTEM)". */
  reaches: string;
}

/** Statement kinds that act on the cluster, not on the database they run in. */
const CLUSTER_STATEMENTS: Record<string, string> = {
  CreatedbStmt: 'creates a database (CREATE DATABASE)',
  DropdbStmt: 'drops a database (DROP DATABASE)',
  AlterDatabaseStmt: 'changes a database (ALTER DATABASE)',
  AlterDatabaseSetStmt: "changes a database's settings (ALTER DATABASE ... SET)",
  AlterDatabaseRefreshCollStmt: 'changes a database (ALTER DATABASE ... REFRESH COLLATION VERSION)',
  AlterSystemStmt: 'changes the configuration of the whole server (ALTER SYSTEM)',
  CreateRoleStmt: 'creates a role, which every database of the server shares (CREATE ROLE)',
  AlterRoleStmt: 'changes a role, which every database of the server shares (ALTER ROLE)',
  AlterRoleSetStmt: "changes a role's settings on the server (ALTER ROLE ... SET)",
  DropRoleStmt: 'drops a role, which every database of the server shares (DROP ROLE)',
  GrantRoleStmt: 'changes role memberships on the server (GRANT/REVOKE role)',
  CreateTableSpaceStmt: 'creates a tablespace, a folder on the database host (CREATE TABLESPACE)',
  DropTableSpaceStmt: 'drops a tablespace (DROP TABLESPACE)',
  AlterTableSpaceOptionsStmt: 'changes a tablespace (ALTER TABLESPACE)',
  CreateSubscriptionStmt: 'connects to another server (CREATE SUBSCRIPTION)',
  AlterSubscriptionStmt: 'changes a subscription to another server (ALTER SUBSCRIPTION)',
  DropSubscriptionStmt: 'drops a subscription and its slot on another server (DROP SUBSCRIPTION)',
  CreateForeignServerStmt: 'defines a connection to another server (CREATE SERVER)',
  AlterForeignServerStmt: 'changes a connection to another server (ALTER SERVER)',
  CreateUserMappingStmt: 'stores credentials for another server (CREATE USER MAPPING)',
  AlterUserMappingStmt: 'changes credentials for another server (ALTER USER MAPPING)',
  ImportForeignSchemaStmt: 'reads another server (IMPORT FOREIGN SCHEMA)',
  LoadStmt: 'loads a shared library from the database host into the server (LOAD)',
  CheckPointStmt: 'forces a checkpoint of the whole server (CHECKPOINT)',
};

/** Objects every database of a cluster shares: commenting on, labelling, granting on, renaming or re-owning them reaches the cluster. */
const SHARED_OBJECTS = new Set(['OBJECT_DATABASE', 'OBJECT_ROLE', 'OBJECT_TABLESPACE', 'OBJECT_PARAMETER_ACL']);

/** Extensions and languages that reach the host's files and programs or other servers. */
const REACHING_EXTENSIONS = new Set([
  'dblink',
  'postgres_fdw',
  'file_fdw',
  'adminpack',
  'plpython3u',
  'plpythonu',
  'plpython2u',
  'plperlu',
  'pltclu',
  'plsh',
  'pg_cron',
]);
const UNTRUSTED_LANGUAGES = new Set(['c', 'internal', 'plpython3u', 'plpythonu', 'plpython2u', 'plperlu', 'pltclu', 'plsh']);

/** Functions that read or write the host's files, signal other sessions, change the server or reach other servers. */
const REACHING_FUNCTIONS: Record<string, string> = {
  lo_import: 'reads a file on the database host (server-side lo_import)',
  lo_export: 'writes a file on the database host (server-side lo_export)',
  pg_read_file: 'reads a file on the database host (pg_read_file)',
  pg_read_binary_file: 'reads a file on the database host (pg_read_binary_file)',
  pg_ls_dir: 'lists a folder on the database host (pg_ls_dir)',
  pg_stat_file: 'reads a file on the database host (pg_stat_file)',
  pg_ls_logdir: "lists the server's log folder (pg_ls_logdir)",
  pg_ls_waldir: "lists the server's WAL folder (pg_ls_waldir)",
  pg_ls_tmpdir: "lists the server's temporary folder (pg_ls_tmpdir)",
  pg_ls_archive_statusdir: "lists the server's archive folder (pg_ls_archive_statusdir)",
  pg_file_write: 'writes a file on the database host (pg_file_write)',
  pg_file_rename: 'renames a file on the database host (pg_file_rename)',
  pg_file_unlink: 'deletes a file on the database host (pg_file_unlink)',
  pg_file_sync: 'touches a file on the database host (pg_file_sync)',
  pg_terminate_backend: 'ends another session on the server (pg_terminate_backend)',
  pg_cancel_backend: "cancels another session's query (pg_cancel_backend)",
  pg_reload_conf: "reloads the server's configuration (pg_reload_conf)",
  pg_rotate_logfile: "rotates the server's log (pg_rotate_logfile)",
  pg_promote: 'promotes a standby server (pg_promote)',
  pg_switch_wal: 'switches the WAL file of the whole server (pg_switch_wal)',
  pg_create_physical_replication_slot: 'creates a replication slot on the server (pg_create_physical_replication_slot)',
  pg_create_logical_replication_slot: 'creates a replication slot on the server (pg_create_logical_replication_slot)',
  pg_drop_replication_slot: 'drops a replication slot of the server (pg_drop_replication_slot)',
  pg_backup_start: 'starts a backup of the whole server (pg_backup_start)',
  pg_start_backup: 'starts a backup of the whole server (pg_start_backup)',
  pg_backup_stop: 'stops a backup of the whole server (pg_backup_stop)',
  pg_stop_backup: 'stops a backup of the whole server (pg_stop_backup)',
};

/** What, in a function body or unparsable text, names one of the above: a body is text to the parser. */
const CLUSTER_WORDS: [RegExp, string][] = [
  [/\b(?:CREATE|ALTER|DROP)\s+(?:ROLE|USER|GROUP)\b/i, 'changes roles of the server (in a function body)'],
  [
    /\b(?:CREATE|ALTER|DROP)\s+(?:DATABASE|TABLESPACE|SUBSCRIPTION|SERVER)\b/i,
    'changes a database, tablespace or connection of the server (in a function body)',
  ],
  [/\bALTER\s+SYSTEM\b/i, 'changes the configuration of the whole server (in a function body)'],
  [/\bCOPY\b[^;]*?\b(?:TO|FROM)\s+PROGRAM\b/i, 'runs a program on the database host (COPY ... PROGRAM, in a function body)'],
  [/\bCOPY\b[^;]*?\b(?:TO|FROM)\s+'/i, 'reads or writes a file on the database host (COPY to or from a file, in a function body)'],
  [/\bdblink\w*\s*\(/i, 'reaches another database (dblink, in a function body)'],
  [new RegExp(`\\b(?:${Object.keys(REACHING_FUNCTIONS).join('|')})\\s*\\(`, 'i'), 'reaches the database host or other sessions (in a function body)'],
];

function wordsReaching(text: string): string | undefined {
  return CLUSTER_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

function stringValue(node: unknown): string | undefined {
  return (node as { String?: { sval?: string } } | undefined)?.String?.sval;
}

interface DefElem {
  defname?: string;
  arg?: unknown;
}

function definitions(list: unknown): DefElem[] {
  return Array.isArray(list) ? list.map((item) => (item as { DefElem?: DefElem }).DefElem).filter((item): item is DefElem => item !== undefined) : [];
}

/** The text of a DO block's or a function's body (`AS '...'`, one or two strings). */
function bodyText(options: unknown): string {
  const as = definitions(options).find((option) => option.defname === 'as')?.arg;
  if (stringValue(as) !== undefined) return stringValue(as)!;
  const items = (as as { List?: { items?: unknown[] } } | undefined)?.List?.items ?? [];
  return items
    .map(stringValue)
    .filter((text) => text !== undefined)
    .join('\n');
}

/** Walks a parse tree for what reaches past the database it runs in. */
function reachesIn(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = reachesIn(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    const found = reachesOfNode(key, value as Record<string, unknown>) ?? reachesIn(value);
    if (found) return found;
  }
  return undefined;
}

function reachesOfNode(kind: string, node: Record<string, unknown>): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  if (kind in CLUSTER_STATEMENTS) return CLUSTER_STATEMENTS[kind];
  switch (kind) {
    case 'CopyStmt':
      if (node['is_program']) return 'runs a program on the database host (COPY ... PROGRAM)';
      if (node['filename'] !== undefined) return 'reads or writes a file on the database host (COPY to or from a file)';
      return undefined;
    case 'CreateExtensionStmt': {
      const name = String(node['extname'] ?? '').toLowerCase();
      return REACHING_EXTENSIONS.has(name) ? `installs ${name}, which reaches the database host or other servers (CREATE EXTENSION)` : undefined;
    }
    case 'CreateFunctionStmt': {
      const language = stringValue(definitions(node['options']).find((option) => option.defname === 'language')?.arg)?.toLowerCase();
      if (language && UNTRUSTED_LANGUAGES.has(language)) return `defines a function in ${language}, which runs code on the database host`;
      return wordsReaching(bodyText(node['options']));
    }
    case 'DoStmt':
      return wordsReaching(bodyText(node['args']));
    case 'FuncCall': {
      const names = Array.isArray(node['funcname']) ? node['funcname'].map(stringValue) : [];
      const name = names[names.length - 1]?.toLowerCase();
      if (!name) return undefined;
      if (name.startsWith('dblink')) return `reaches another database (${name})`;
      return REACHING_FUNCTIONS[name];
    }
    case 'CommentStmt':
    case 'SecLabelStmt':
    case 'GrantStmt':
      return SHARED_OBJECTS.has(String(node['objtype']))
        ? `changes an object every database of the server shares (${kind === 'GrantStmt' ? 'GRANT/REVOKE' : kind === 'CommentStmt' ? 'COMMENT ON' : 'SECURITY LABEL ON'} ${String(node['objtype']).replace('OBJECT_', '').replace('_ACL', '')})`
        : undefined;
    case 'RenameStmt':
      return SHARED_OBJECTS.has(String(node['renameType']))
        ? `renames an object every database of the server shares (${String(node['renameType']).replace('OBJECT_', '')})`
        : undefined;
    case 'AlterOwnerStmt':
      return SHARED_OBJECTS.has(String(node['objectType']))
        ? `changes the owner of an object every database of the server shares (${String(node['objectType']).replace('OBJECT_', '')})`
        : undefined;
    default:
      return undefined;
  }
}

function firstLine(statement: ParsedStatement): string {
  const line = statement.text.trim().split('\n')[0]!;
  return shortened(line, 120);
}

/** The statements of `sql` that would act past the scratch database, in order. */
export async function statementsBeyondScratch(sql: string): Promise<BeyondScratch[]> {
  const parsed = await parseSql(sql);
  const found: BeyondScratch[] = [];
  for (const statement of parsed.statements) {
    // Text the parser cannot read (newer syntax, a typo) is judged by its words; the server rejects what is not SQL.
    const reaches = statement.node ? reachesIn(statement.node) : wordsReaching(statement.text);
    if (reaches) found.push({ statement: firstLine(statement), reaches });
  }
  return found;
}

/** Raised before a refused statement is sent; the drill reports it as the step's failure. */
export class StatementRefused extends Error {
  override name = 'StatementRefused';
  constructor(refused: BeyondScratch) {
    super(`refused before running: "${refused.statement}" ${refused.reaches}; a drill may change only its scratch database`);
  }
}
