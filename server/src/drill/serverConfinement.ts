/**
 * What keeps a drill on a real server inside its scratch database, beyond
 * refusing statements by their text (statementsBeyondScratch): a role that
 * cannot reach further (no superuser, CREATEROLE, REPLICATION, BYPASSRLS,
 * nor the predefined roles that read or write the host's files), and a
 * snapshot of the server's global state before and after, so a change
 * made some other way (SQL built at run time in a function) fails the
 * drill instead of passing unseen.
 */

type Query = <T = Record<string, unknown>>(sql: string, parameters?: unknown[]) => Promise<T[]>;

/** Predefined roles whose members reach the host, other sessions or other servers. */
const REACHING_ROLES = ['pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files', 'pg_signal_backend', 'pg_create_subscription'];

/**
 * Why the connecting role can change more than a scratch database, one
 * phrase per reason; empty for a role with CREATEDB and nothing more.
 */
export async function privilegesBeyondScratch(query: Query): Promise<string[]> {
  const rows = await query<{ rolname: string; own: boolean; rolsuper: boolean; rolcreaterole: boolean; rolreplication: boolean; rolbypassrls: boolean }>(
    `SELECT r.rolname, r.rolname = current_user AS own, r.rolsuper, r.rolcreaterole, r.rolreplication, r.rolbypassrls
       FROM pg_roles r
      WHERE pg_has_role(current_user, r.oid, 'MEMBER')
        AND (r.rolsuper OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls OR r.rolname = ANY($1))
      ORDER BY r.rolname = current_user DESC, r.rolname`,
    [REACHING_ROLES],
  );
  const own = rows.find((row) => row.own);
  // A superuser is a member of every role: its own attribute says everything.
  if (own?.rolsuper) return ['it is a superuser'];
  const reasons: string[] = [];
  for (const row of rows) {
    const attributes = [
      row.rolsuper && 'SUPERUSER',
      row.rolcreaterole && 'CREATEROLE',
      row.rolreplication && 'REPLICATION',
      row.rolbypassrls && 'BYPASSRLS',
    ].filter(Boolean);
    if (row.own) reasons.push(`it has ${attributes.join(', ')}`);
    else if (attributes.length > 0) reasons.push(`it is a member of ${row.rolname}, which has ${attributes.join(', ')}`);
    else reasons.push(`it is a member of ${row.rolname}`);
  }
  return reasons;
}

/** The name drills give their scratch databases; other drills' come and go on a shared server. */
export const SCRATCH_DATABASE_NAME = /^fearless_drill_[0-9a-f]{12}$/;

export interface GlobalState {
  /** Per database oid: its name and attributes. */
  databases: Map<string, { name: string; line: string }>;
  /** Everything else, one line per fact. */
  lines: Set<string>;
}

/** Each query adds lines; one the role may not read (pg_file_settings, pg_authid) adds none, the same way both times. */
const STATE_QUERIES: [string, string][] = [
  [
    'role',
    `SELECT 'role ' || rolname || ': ' || concat_ws(' ', rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil) AS line FROM pg_roles`,
  ],
  ['password', `SELECT 'role ' || rolname || ' password ' || md5(coalesce(rolpassword, '')) AS line FROM pg_authid`],
  [
    'membership',
    `SELECT 'membership: ' || roleid::regrole::text || ' granted to ' || member::regrole::text || CASE WHEN admin_option THEN ' with admin option' ELSE '' END AS line FROM pg_auth_members`,
  ],
  [
    'role setting',
    `SELECT 'role setting: ' || coalesce(d.datname, '(all databases)') || ' / ' || coalesce(r.rolname, '(all roles)') || ': ' || s.setconfig::text AS line FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE d.datname IS NULL OR d.datname !~ '^fearless_drill_[0-9a-f]{12}$'`,
  ],
  [
    'server setting',
    `SELECT 'server setting ' || name || ' = ' || coalesce(setting, '') || CASE WHEN pending_restart THEN ' (pending restart)' ELSE '' END AS line FROM pg_settings`,
  ],
  [
    'configuration file',
    `SELECT 'configuration file ' || coalesce(sourcefile, '') || ': ' || coalesce(name, '') || ' = ' || coalesce(setting, '') AS line FROM pg_file_settings`,
  ],
  [
    'tablespace',
    `SELECT 'tablespace ' || spcname || ': owner ' || pg_get_userbyid(spcowner) || ' ' || coalesce(spcoptions::text, '') || ' ' || coalesce(spcacl::text, '') AS line FROM pg_tablespace`,
  ],
  ['replication slot', `SELECT 'replication slot ' || slot_name || ' (' || slot_type || ')' AS line FROM pg_replication_slots`],
  ['shared comment', `SELECT 'comment on ' || classoid::regclass::text || ' ' || objoid || ': ' || description AS line FROM pg_shdescription`],
  ['parameter grant', `SELECT 'parameter grant ' || parname || ': ' || coalesce(paracl::text, '') AS line FROM pg_parameter_acl`],
];

const DATABASES_QUERY = `SELECT oid::text AS oid, datname AS name,
  concat_ws(' ', 'owner ' || pg_get_userbyid(datdba), 'allowconn ' || datallowconn, 'connlimit ' || datconnlimit, 'template ' || datistemplate,
            'tablespace ' || dattablespace, 'acl ' || coalesce(datacl::text, 'default')) AS line
  FROM pg_database`;

/** The server's global state as the admin connection sees it (other sessions' SET commands do not show). */
export async function globalState(query: Query): Promise<GlobalState> {
  const databases = new Map<string, { name: string; line: string }>();
  for (const row of await query<{ oid: string; name: string; line: string }>(DATABASES_QUERY)) databases.set(row.oid, { name: row.name, line: row.line });
  const lines = new Set<string>();
  for (const [, sql] of STATE_QUERIES) {
    try {
      for (const row of await query<{ line: string | null }>(sql)) if (row.line !== null) lines.add(row.line);
    } catch (error) {
      // Not readable by this role, or not in this PostgreSQL version: nothing to compare, before and after alike.
      if (!isPermissionOrMissing(error)) throw error;
    }
  }
  return { databases, lines };
}

function isPermissionOrMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '42501' || code === '42P01' || code === '42703';
}

/**
 * What changed between two snapshots, a sentence each. Scratch databases
 * of other drills appear and disappear on a shared server; everything else
 * that differs, including a change to a database that existed both times, is a breach.
 */
/** A database's line as DROP DATABASE leaves it before the database goes: connlimit -2, nothing else changed. */
function beingDropped(line: string): string {
  return line.replace(/connlimit -?\d+/, 'connlimit -2');
}

export function globalStateChanges(before: GlobalState, after: GlobalState, ownDatabaseOid: string): string[] {
  const changes: string[] = [];
  for (const [oid, was] of before.databases) {
    const now = after.databases.get(oid);
    if (!now) {
      if (!SCRATCH_DATABASE_NAME.test(was.name) || oid === ownDatabaseOid) changes.push(`database ${was.name} was dropped`);
    } else if (now.name !== was.name) changes.push(`database ${was.name} was renamed to ${now.name}`);
    // Another drill's scratch database being dropped changes one thing first: PostgreSQL 15+ marks it connlimit -2.
    else if (now.line !== was.line && oid !== ownDatabaseOid && !(SCRATCH_DATABASE_NAME.test(was.name) && now.line === beingDropped(was.line)))
      changes.push(`database ${was.name} changed (${was.line} → ${now.line})`);
    else if (now.line !== was.line && oid !== ownDatabaseOid) continue;
    else if (now.line !== was.line) changes.push(`the scratch database ${was.name} itself was altered (${was.line} → ${now.line})`);
  }
  for (const [oid, now] of after.databases) {
    if (!before.databases.has(oid) && !SCRATCH_DATABASE_NAME.test(now.name)) changes.push(`database ${now.name} was created`);
  }
  for (const line of before.lines) if (!after.lines.has(line)) changes.push(`gone or changed: ${line}`);
  for (const line of after.lines) if (!before.lines.has(line)) changes.push(`new: ${line}`);
  return changes;
}
