import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalValue } from '../../../server/src/shadow/canonicalValue';
import { compareOutcomes } from '../../../server/src/shadow/compareOutcomes';
import type { Outcome } from '../../../server/src/shadow/replayOnDatabase';

const NUMERIC = 1700;

const ok = (rows: (string | null)[][], columns = ['id integer'], affected?: number): Outcome => ({
  ok: true,
  columns: columns.map((column) => ({ name: column.split(' ')[0]!, type: column.split(' ').slice(1).join(' ') })),
  rows,
  ...(affected === undefined ? {} : { affected }),
  ms: 1,
});

test('values normalise by type: numeric scale, timestamps, JSON key order, bytes, arrays, NULL', () => {
  assert.equal(canonicalValue('1.50', NUMERIC), canonicalValue('1.500', NUMERIC));
  assert.notEqual(canonicalValue('1.55', NUMERIC), canonicalValue('1.6', NUMERIC));
  assert.equal(canonicalValue('1.50', 25), '1.50', 'text keeps its zeros');
  assert.equal(canonicalValue(new Date('2026-01-01T10:00:00+02:00')), '2026-01-01T08:00:00.000Z');
  assert.equal(canonicalValue({ b: 1, a: [2, { d: 1, c: 2 }] }), '{"a":[2,{"c":2,"d":1}],"b":1}');
  assert.equal(canonicalValue(new Uint8Array([0xde, 0xad])), '\\xdead');
  assert.equal(canonicalValue([1, null, 3]), '[1,NULL,3]');
  assert.equal(canonicalValue(null), null);
  assert.notEqual(canonicalValue(null), canonicalValue('NULL'));
});

test('an error after the migration only is the first finding; errors on both sides are not a difference', () => {
  assert.deepEqual(compareOutcomes(ok([['1']]), { ok: false, error: 'column "x" does not exist', ms: 1 }, false), [
    { kind: 'fails-after', error: 'column "x" does not exist' },
  ]);
  assert.deepEqual(compareOutcomes({ ok: false, error: 'e', ms: 1 }, ok([]), false), [{ kind: 'fails-before', error: 'e' }]);
  assert.deepEqual(compareOutcomes({ ok: false, error: 'e', ms: 1 }, { ok: false, error: 'f', ms: 1 }, false), []);
});

test('rows compare as multisets without ORDER BY and in order with it', () => {
  assert.deepEqual(compareOutcomes(ok([['1'], ['2'], ['2']]), ok([['2'], ['1'], ['2']]), false), []);
  const missingDuplicate = compareOutcomes(ok([['1'], ['2'], ['2']]), ok([['2'], ['1']]), false);
  assert.deepEqual(missingDuplicate, [{ kind: 'rows', beforeCount: 3, afterCount: 2, onlyBefore: [['2']], onlyAfter: [], ordered: false }]);
  assert.deepEqual(compareOutcomes(ok([['1'], ['2']]), ok([['2'], ['1']]), true), [
    { kind: 'rows', beforeCount: 2, afterCount: 2, onlyBefore: [['1'], ['2']], onlyAfter: [['2'], ['1']], ordered: true },
  ]);
  assert.deepEqual(compareOutcomes(ok([[null]]), ok([['']]), false)[0]?.kind, 'rows', 'NULL is not the empty string');
});

test('columns (names and types) and rows affected are compared', () => {
  assert.deepEqual(compareOutcomes(ok([['1']], ['id integer']), ok([['1']], ['id bigint']), false), [
    { kind: 'columns', before: ['id integer'], after: ['id bigint'] },
  ]);
  assert.deepEqual(compareOutcomes(ok([], ['id integer'], 3), ok([], ['id integer'], 2), false), [{ kind: 'affected', before: 3, after: 2 }]);
});
