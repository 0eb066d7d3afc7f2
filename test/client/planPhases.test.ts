/**
 * "Plan safe phases" as the extension runs it, minus VS Code's widgets: the
 * real language server over stdio plans and checks, the real SDK talks to a
 * fake Messages API on 127.0.0.1 for Claude, and a recording stand-in plays
 * the quick pick, the input box and the refactor preview. The flow itself
 * writes nothing: files appear only when the review is applied.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planPhases, type PlanMode, type PlanPhasesPorts, type PlanRequestResult, type PlanReview } from '../../client/src/plan/planPhases';
import { askClaude, ClaudeUnavailable } from '../../server/src/ai/claudeReverseDraft';
import { REPO_ROOT } from '../helpers/paths';
import { startFakeMessagesApi, type FakeReply } from '../helpers/fakeMessagesApi';
import { lspSuite, type LspSession } from '../helpers/lspSession';

process.env['FEARLESS_CACHE_DIR'] ??= path.join(os.tmpdir(), 'fearless-test-cache');

const KEY = 'sk-test-plan-editor-never-shown-4321';
const EXAMPLES = path.join(REPO_ROOT, 'examples', 'migrations');
const FILES = Object.fromEntries(
  ['0001_create_events.up.sql', '0001_create_events.down.sql', '0002_add_tenant_id.up.sql', '0002_add_tenant_id.down.sql'].map((name) => [
    `migrations/${name}`,
    fs.readFileSync(path.join(EXAMPLES, name), 'utf8'),
  ]),
);

interface Recorded {
  requests: Record<string, unknown>[];
  asked: string[];
  reviews: PlanReview[];
  messages: string[];
  opened: string[];
}

interface Scenario {
  mode?: PlanMode;
  value?: string;
  apply?: boolean;
  trusted?: boolean;
  claude?: { baseURL: string; key: string | undefined };
}

function ports(session: LspSession, uri: string, scenario: Scenario, recorded: Recorded): PlanPhasesPorts {
  return {
    plan: (params) => {
      recorded.requests.push(params);
      return session.request<PlanRequestResult>('fearless/plan', { textDocument: { uri }, ...params });
    },
    chooseMode: async () => scenario.mode,
    askValue: async (table, column) => {
      recorded.asked.push(`${table}.${column}`);
      return scenario.value;
    },
    review: async (review) => {
      recorded.reviews.push(review);
      if (!scenario.apply) return false;
      // What the refactor preview does on Apply.
      for (const deleted of review.deleted) fs.rmSync(fileURLToPath(deleted));
      for (const file of review.files) {
        fs.mkdirSync(path.dirname(fileURLToPath(file.uri)), { recursive: true });
        fs.writeFileSync(fileURLToPath(file.uri), file.text, { flag: 'wx' });
      }
      return true;
    },
    info: (message) => recorded.messages.push(`info: ${message}`),
    warn: (message) => recorded.messages.push(`warn: ${message}`),
    noKey: (message) => recorded.messages.push(`no-key: ${message}`),
    open: async (target) => void recorded.opened.push(target),
    trusted: scenario.trusted ?? true,
    ...(scenario.claude
      ? {
          claude: {
            port: {
              ask: (system, user, options) => askClaude(system, user, { ...options, baseURL: scenario.claude!.baseURL, maxRetries: 0, timeoutMs: 10_000 }),
            },
            apiKey: async () => scenario.claude!.key,
            withProgress: (_title, work) => work(new AbortController().signal),
            isUnavailable: (error): error is Error => error instanceof ClaudeUnavailable,
          },
        }
      : {}),
  };
}

async function run(session: LspSession, scenario: Scenario): Promise<{ outcome: string; recorded: Recorded }> {
  const recorded: Recorded = { requests: [], asked: [], reviews: [], messages: [], opened: [] };
  const uri = session.uriOf('migrations/0002_add_tenant_id.up.sql');
  const outcome = await planPhases('0002_add_tenant_id.up.sql', ports(session, uri, scenario, recorded));
  assert.doesNotMatch(JSON.stringify(recorded), new RegExp(KEY));
  return { outcome, recorded };
}

function listing(root: string): string[] {
  return fs.readdirSync(root, { recursive: true }).map(String).sort();
}

describe('plan safe phases (client flow against the real server)', () => {
  const suite = lspSuite(FILES, { initializationOptions: { workspaceTrusted: true } });

  test('cancelled at the choice, or discarded at the review: nothing written', async () => {
    const before = listing(suite.root);
    const cancelled = await run(suite.session, {});
    assert.equal(cancelled.outcome, 'cancelled');
    assert.deepEqual(cancelled.recorded.requests, []);
    const discarded = await run(suite.session, { mode: 'append', value: '1', apply: false });
    assert.equal(discarded.outcome, 'discarded');
    assert.equal(discarded.recorded.reviews.length, 1);
    assert.match(discarded.recorded.messages.at(-1)!, /the plan was discarded; nothing was written/);
    assert.deepEqual(listing(suite.root), before);
  });

  test('replace: the backfill value is asked for, the checked plan is reviewed as one edit, and applying it writes every file', async () => {
    const { outcome, recorded } = await run(suite.session, { mode: 'replace', value: '1', apply: true });
    assert.equal(outcome, 'written');
    assert.deepEqual(recorded.asked, ['events.tenant_id']);
    assert.deepEqual(recorded.requests, [
      { replace: true, check: true },
      { replace: true, check: true, backfill: { 'events.tenant_id': '1' } },
    ]);
    const [review] = recorded.reviews;
    assert.match(review!.summary, /^5 phases; checked: lint clean, 5 of 5 drill green on generated rows$/);
    assert.deepEqual(
      review!.files.map((file) => file.label),
      [
        'Phase 1 of 5: add_tenant_id_nullable (forward)',
        'Phase 1 of 5: add_tenant_id_nullable (reverse)',
        'Phase 2 of 5: index_events_tenant_id_idx_concurrently (forward)',
        'Phase 2 of 5: index_events_tenant_id_idx_concurrently (reverse)',
        'Phase 3 of 5: add_tenant_id_not_null_check (forward)',
        'Phase 3 of 5: add_tenant_id_not_null_check (reverse)',
        'Phase 4 of 5: validate_tenant_id_not_null (forward)',
        'Phase 4 of 5: validate_tenant_id_not_null (reverse)',
        'Phase 5 of 5: set_tenant_id_not_null (forward)',
        'Phase 5 of 5: set_tenant_id_not_null (reverse)',
        'Backfill script: 0002_backfill_events_tenant_id.sql (run with psql, outside the migrations)',
        'Plan document: 0002_add_tenant_id.plan.md',
      ],
    );
    assert.deepEqual(
      review!.deleted.map((uri) => path.basename(fileURLToPath(uri))),
      ['0002_add_tenant_id.up.sql', '0002_add_tenant_id.down.sql'],
    );
    assert.ok(fs.existsSync(path.join(suite.root, 'backfills/0002_backfill_events_tenant_id.sql')));
    assert.equal(fs.existsSync(path.join(suite.root, 'migrations/0002_add_tenant_id.up.sql')), false);
    assert.deepEqual(
      recorded.opened.map((uri) => path.basename(fileURLToPath(uri))),
      ['0002_add_tenant_id.plan.md'],
    );
    // Put the naive migration back for the next test.
    for (const file of review!.files) fs.rmSync(fileURLToPath(file.uri));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(suite.root, name), text);
  });

  test('without a value the check fails and says so before the review; with Claude its wording is reviewed, a bad WHERE is not taken', async () => {
    const unfilled = await run(suite.session, { mode: 'append', apply: false });
    assert.match(unfilled.recorded.messages.find((message) => message.startsWith('warn:'))!, /the planned phases fail the check: .*is violated by some row/);
    assert.match(unfilled.recorded.reviews[0]!.summary, /CHECK FAILED/);
    const wording = {
      phases: [
        {
          slug: 'add_tenant_id_nullable',
          summary: 'Adds tenant_id, empty for now; new rows must set it.',
          release: 'Before the release that writes tenant_id.',
        },
      ],
      backfills: [{ slug: 'backfill_events_tenant_id', where: '1=1; DELETE FROM events' }],
    };
    const fake = await startFakeMessagesApi([{ kind: 'text', text: `\`\`\`json\n${JSON.stringify(wording)}\n\`\`\`` } satisfies FakeReply]);
    try {
      const refined = await run(suite.session, { mode: 'append', value: '1', apply: false, claude: { baseURL: fake.baseURL, key: KEY } });
      assert.equal(fake.requests[0]!.apiKey, KEY);
      assert.equal(refined.recorded.requests.length, 3);
      assert.equal(typeof refined.recorded.requests[2]!['refinement'], 'string');
      assert.match(
        refined.recorded.reviews[0]!.summary,
        /checked: lint clean, 5 of 5 drill green on generated rows; refined by Claude \(AI-written: review it\)/,
      );
      assert.match(refined.recorded.messages.join('\n'), /not taken: the WHERE proposed for backfill_events_tenant_id is not a condition/);
      const document = refined.recorded.reviews[0]!.files.find((file) => file.label.startsWith('Plan document'))!;
      assert.match(document.text, /Adds tenant_id, empty for now; new rows must set it\./);
    } finally {
      await fake.close();
    }
    const noKey = await run(suite.session, { mode: 'append', value: '1', apply: false, claude: { baseURL: 'http://127.0.0.1:9', key: undefined } });
    assert.match(noKey.recorded.messages.join('\n'), /no-key: Fearless: no Anthropic API key is set/);
    assert.equal(noKey.recorded.requests.length, 2);
  });
});

describe('plan safe phases in Restricted Mode', () => {
  const suite = lspSuite(FILES, { initializationOptions: { workspaceTrusted: false } });

  test('planned and reviewed without a check; a check or a refinement is refused by the server', async () => {
    const { recorded } = await run(suite.session, { mode: 'append', value: '1', apply: false, trusted: false });
    assert.deepEqual(recorded.requests[0], { replace: false, check: false });
    assert.match(recorded.reviews[0]!.summary, /not checked \(Restricted Mode: drills are off\)/);
    await assert.rejects(
      suite.session.request('fearless/plan', { textDocument: { uri: suite.session.uriOf('migrations/0002_add_tenant_id.up.sql') }, check: true }),
      /off until you trust the workspace/,
    );
  });
});
