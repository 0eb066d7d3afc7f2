/**
 * PostgreSQL's eight table-level lock modes, their conflicts and what each
 * one stops other sessions from doing (docs: "Explicit Locking", Table 13.2).
 */

export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  'ACCESS SHARE': ['ACCESS EXCLUSIVE'],
  'ROW SHARE': ['EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ROW EXCLUSIVE': ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE UPDATE EXCLUSIVE': ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  SHARE: ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE ROW EXCLUSIVE': ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  EXCLUSIVE: ['ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ACCESS EXCLUSIVE': LOCK_MODES,
};

export function conflictsWith(mode: LockMode): readonly LockMode[] {
  return CONFLICTS[mode];
}

export function lockModesConflict(a: LockMode, b: LockMode): boolean {
  return CONFLICTS[a].includes(b);
}

export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return lockStrength(a) >= lockStrength(b) ? a : b;
}

/** What ordinary traffic needs, by the lock mode it takes. */
const EVERYDAY_OPERATIONS: { mode: LockMode; operation: string }[] = [
  { mode: 'ACCESS SHARE', operation: 'reads (SELECT)' },
  { mode: 'ROW SHARE', operation: 'SELECT ... FOR UPDATE/SHARE' },
  { mode: 'ROW EXCLUSIVE', operation: 'writes (INSERT, UPDATE, DELETE, MERGE)' },
  { mode: 'SHARE UPDATE EXCLUSIVE', operation: 'VACUUM, autovacuum, ANALYZE, CREATE INDEX CONCURRENTLY and most other DDL' },
];

/** Plain-words list of what `mode` blocks while it is held (and while it waits in the queue). */
export function operationsBlockedBy(mode: LockMode): string[] {
  return EVERYDAY_OPERATIONS.filter((entry) => lockModesConflict(mode, entry.mode)).map((entry) => entry.operation);
}

/** A one-line summary such as "blocks writes (INSERT, UPDATE, DELETE, MERGE) and ...". */
export function describeBlocking(mode: LockMode): string {
  const blocked = operationsBlockedBy(mode);
  if (blocked.length === 0) return `blocks no reads, writes or VACUUM; conflicts only with ${CONFLICTS[mode].join(', ')}`;
  return `blocks ${blocked.join(', ')}`;
}

/**
 * What a lock stops, in the two or three words a diagnostic has room for:
 * `blocks writes` (SHARE), `blocks reads and writes` (ACCESS EXCLUSIVE).
 * The hover and the rule pages list the operations in full.
 */
export function shortBlocking(mode: LockMode): string {
  switch (mode) {
    case 'ACCESS EXCLUSIVE':
      return 'blocks reads and writes';
    case 'EXCLUSIVE':
    case 'SHARE ROW EXCLUSIVE':
    case 'SHARE':
      return 'blocks writes';
    case 'SHARE UPDATE EXCLUSIVE':
      return 'blocks DDL and VACUUM';
    default:
      return 'blocks only stronger locks';
  }
}

export function isLockMode(value: string): value is LockMode {
  return (LOCK_MODES as readonly string[]).includes(value);
}

/** pg_locks spells modes in CamelCase with a `Lock` suffix: `ShareRowExclusiveLock`. */
export function pgLocksName(mode: LockMode): string {
  return `${mode.toLowerCase().replace(/(^|\s)(\w)/g, (_all, _space: string, letter: string) => letter.toUpperCase())}Lock`;
}

const PG_LOCKS_SPELLING: ReadonlyMap<string, LockMode> = new Map(LOCK_MODES.map((mode) => [pgLocksName(mode), mode]));

/** The mode pg_locks names `ShareRowExclusiveLock`, `AccessShareLock`...; undefined for other lock kinds. */
export function lockModeFromPgLocks(name: string): LockMode | undefined {
  return PG_LOCKS_SPELLING.get(name);
}

/** Every mode as pg_locks spells it. */
export function pgLocksSpellings(): string[] {
  return [...PG_LOCKS_SPELLING.keys()];
}

/**
 * A mode however a person or an agent writes it: `share row exclusive`,
 * `SHARE ROW EXCLUSIVE MODE` (as in LOCK TABLE), `ShareRowExclusiveLock`
 * (as in pg_locks); undefined when it names no table lock mode.
 */
export function lockModeNamed(name: string): LockMode | undefined {
  const trimmed = name.trim();
  const camel = [...PG_LOCKS_SPELLING.keys()].find((spelling) => spelling.toLowerCase() === trimmed.toLowerCase());
  if (camel) return PG_LOCKS_SPELLING.get(camel);
  const spaced = trimmed
    .toUpperCase()
    .replace(/[\s_]+/g, ' ')
    .replace(/ (MODE|LOCK)$/, '');
  return isLockMode(spaced) ? spaced : undefined;
}
