/**
 * CREATE TRIGGER takes SHARE ROW EXCLUSIVE (writes wait, reads go on); a row
 * trigger on a partitioned table is cloned onto every partition, under the
 * same lock. CREATE RULE and CREATE/ALTER POLICY change what queries on the
 * table mean, so they take ACCESS EXCLUSIVE, and their bodies are parsed:
 * tables they read get ACCESS SHARE, tables a rule writes ROW EXCLUSIVE.
 */

import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar, needsVersion, withNote } from '../lockFactBuilder';
import { descendantsOf, isPartitioned } from '../schemaFacts';
import { queryLocks } from './dml';

type Body = Record<string, unknown>;

function createTrigger(body: Body, context: LockContext): LockFact[] {
  const relation = body['relation'] as RangeVarNode | undefined;
  const name = relationName(relation);
  if (!name) return [];
  const facts = lockOnRangeVar(relation, 'SHARE ROW EXCLUSIVE', 'CREATE TRIGGER (writes wait, reads go on)');
  if (body['row'] === true && isPartitioned(context, name)) {
    for (const partition of descendantsOf(context, name, 'partitions')) {
      facts.push(lockOn(partition, 'SHARE ROW EXCLUSIVE', 'a row trigger on a partitioned table is created on each partition'));
    }
  }
  return body['replace'] === true ? withNote(facts, needsVersion(context, 14, 'CREATE OR REPLACE TRIGGER')) : facts;
}

function createRule(body: Body, context: LockContext): LockFact[] {
  const facts = lockOnRangeVar(body['relation'] as RangeVarNode | undefined, 'ACCESS EXCLUSIVE', 'CREATE RULE changes what queries on the table do');
  facts.push(...queryLocks([body['whereClause'], body['actions']], context, { planned: false, executed: false, context: 'the rule' }));
  return facts;
}

function policy(verb: string) {
  return (body: Body, context: LockContext): LockFact[] => {
    const facts = lockOnRangeVar(body['table'] as RangeVarNode | undefined, 'ACCESS EXCLUSIVE', `${verb} POLICY changes which rows queries see`);
    facts.push(...queryLocks([body['qual'], body['with_check']], context, { planned: false, executed: false, context: 'the policy' }));
    return facts;
  };
}

export const TRIGGER_RULE_POLICY_LOCKS = {
  CreateTrigStmt: createTrigger,
  RuleStmt: createRule,
  CreatePolicyStmt: policy('CREATE'),
  AlterPolicyStmt: policy('ALTER'),
};
