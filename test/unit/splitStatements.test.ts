import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from '../../server/src/sql/splitStatements';

function pieces(text: string): string[] {
  return splitStatements(text).chunks.map((chunk) => text.slice(chunk.start, chunk.end));
}

test('splits at semicolons outside quotes and comments', () => {
  assert.deepEqual(pieces("SELECT 1; SELECT ';' ; -- a; b\nSELECT \"x;y\";"), ['SELECT 1;', "SELECT ';' ;", 'SELECT "x;y";']);
});
