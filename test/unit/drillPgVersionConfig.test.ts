/** drillPgVersion in fearless.config.json: the major drills run on (a real PostgreSQL build), read by value, said when wrong. */

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../server/src/config/projectConfig';
import { workspace } from '../helpers/runCli';

function load(json: string): ReturnType<typeof loadConfigFile> {
  return loadConfigFile(path.join(workspace({ 'fearless.config.json': json }), 'fearless.config.json'));
}

test('drillPgVersion: a major from 11 to 18 is kept; null or absent leaves PGlite; anything else is said', () => {
  assert.equal(load('{"drillPgVersion": 13}').config.drillPgVersion, 13);
  assert.equal(load('{"drillPgVersion": null}').config.drillPgVersion, undefined);
  assert.equal(load('{}').config.drillPgVersion, undefined);
  const wrong = load('{"drillPgVersion": 9}');
  assert.equal(wrong.config.drillPgVersion, undefined);
  assert.deepEqual(
    wrong.problems.map((problem) => problem.replace(/^.*fearless\.config\.json: /, '')),
    ['drillPgVersion must be a PostgreSQL major version from 11 to 18; drilling on PGlite.'],
  );
});
