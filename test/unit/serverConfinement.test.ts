import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globalStateChanges, type GlobalState } from '../../server/src/drill/serverConfinement';

const state = (databases: [string, string, string][], lines: string[] = []): GlobalState => ({
  databases: new Map(databases.map(([oid, name, line]) => [oid, { name, line }])),
  lines: new Set(lines),
});

test("another drill's scratch database coming, going, or being marked for dropping is not a change to the server", () => {
  const before = state([
    ['1', 'postgres', 'owner postgres connlimit -1'],
    ['7', 'fearless_drill_0123456789ab', 'owner driller connlimit -1'],
    ['8', 'fearless_drill_aaaaaaaaaaaa', 'owner driller connlimit -1'],
  ]);
  // PostgreSQL 15+ marks a database being dropped with connlimit -2 before it goes.
  const after = state([
    ['1', 'postgres', 'owner postgres connlimit -1'],
    ['7', 'fearless_drill_0123456789ab', 'owner driller connlimit -2'],
    ['9', 'fearless_drill_bbbbbbbbbbbb', 'owner driller connlimit -1'],
  ]);
  assert.deepEqual(globalStateChanges(before, after, '42'), []);
});

test("a change to any other database, or to the drill's own, is", () => {
  const before = state([
    ['1', 'postgres', 'owner postgres connlimit -1'],
    ['7', 'fearless_drill_0123456789ab', 'owner driller connlimit -1'],
  ]);
  const after = state([
    ['1', 'postgres', 'owner postgres connlimit 5'],
    ['7', 'fearless_drill_0123456789ab', 'owner driller connlimit 3'],
  ]);
  assert.deepEqual(globalStateChanges(before, after, '7'), [
    'database postgres changed (owner postgres connlimit -1 → owner postgres connlimit 5)',
    'the scratch database fearless_drill_0123456789ab itself was altered (owner driller connlimit -1 → owner driller connlimit 3)',
  ]);
});

test("another drill's scratch database changed in any other way (owner, grants, connections) is a change", () => {
  const before = state([['7', 'fearless_drill_0123456789ab', 'owner driller allowconn true connlimit -1 acl default']]);
  const after = state([['7', 'fearless_drill_0123456789ab', 'owner mallory allowconn true connlimit -2 acl default']]);
  assert.deepEqual(globalStateChanges(before, after, '42'), [
    'database fearless_drill_0123456789ab changed (owner driller allowconn true connlimit -1 acl default → owner mallory allowconn true connlimit -2 acl default)',
  ]);
});
