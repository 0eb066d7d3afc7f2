import type { Rule, RuleFinding } from './rule';
import { bodyOf, statementRange, trimmedEnd } from '../sql/statementParts';
import type { ConstraintNode } from '../sql/ast';

/** A constraint on a domain is checked against every column of every table using it whenever it changes. */
export const createDomainWithConstraint: Rule = {
  id: 'create-domain-with-constraint',
  title: 'Domain created with a CHECK or NOT NULL constraint',
  defaultSeverity: 'info',
  counterparts: { squawk: 'ban-create-domain-with-constraint' },
  docs: {
    why:
      'A domain constraint applies to every column of every table that uses the domain. Changing it later (ALTER DOMAIN ... ADD ' +
      'CONSTRAINT, SET NOT NULL, VALIDATE) reads all those tables, and no catalog view tells a reviewer which tables that is. ' +
      'Put CHECK constraints on the tables instead: each can be added NOT VALID and validated table by table, online.',
    bad: "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');",
    good: "CREATE DOMAIN email AS text;\nCREATE TABLE users (address email CHECK (address LIKE '%@%'));",
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{ domainname?: { String?: { sval?: string } }[]; constraints?: { Constraint?: ConstraintNode }[] }>(
        facts.statement,
        'CreateDomainStmt',
      );
      if (!body) return [];
      const constraints = (body?.constraints ?? []).map((entry) => entry.Constraint ?? {});
      const locations = constraints.map((constraint) => constraint.location);
      const name = (Array.isArray(body?.domainname) ? body.domainname : []).map((part) => part.String?.sval).join('.');
      const whole = statementRange(facts.statement);
      return constraints.flatMap((constraint, index) => {
        if (constraint.contype !== 'CONSTR_CHECK' && constraint.contype !== 'CONSTR_NOTNULL') return [];
        const start = constraint.location === undefined || facts.statement.newerSyntax ? whole.start : facts.statement.documentOffset(constraint.location);
        const next = locations[index + 1];
        const end = next === undefined || facts.statement.newerSyntax ? whole.end : facts.statement.documentOffset(next);
        const kind = constraint.contype === 'CONSTR_CHECK' ? 'CHECK' : 'NOT NULL';
        const range = trimmedEnd(facts.statement, { start, end: Math.max(start, end) });
        return [
          {
            ...range,
            message: `A ${kind} on domain "${name}" makes changing it later scan and lock every table using it`,
            advice: "Put the constraint on the tables' columns instead.",
          },
        ];
      });
    });
  },
};
