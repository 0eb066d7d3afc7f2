export { LOCK_MODES, type LockMode, conflictsWith, lockModesConflict, operationsBlockedBy, describeBlocking, isLockMode, strongerLock } from './lockModes';
export { lockFactsFor } from './statementLocks';
export type { LockFact, LockContext } from './lockFact';
export { lockTimeoutChangeOf, durationMilliseconds, type LockTimeoutChange } from './sessionSettings';
