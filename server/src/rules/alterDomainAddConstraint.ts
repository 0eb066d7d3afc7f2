import type { Rule, RuleFinding } from './rule';
import { fixOf, insertAt } from './support/edits';
import { bodyOf, statementRange } from '../sql/statementParts';
import type { ConstraintNode } from '../sql/ast';

interface AlterDomainBody {
  subtype?: string;
  typeName?: { String?: { sval?: string } }[];
  def?: { Constraint?: ConstraintNode };
}

type NameList = { String?: { sval?: string } }[] | undefined;

function dottedName(parts: NameList): string {
  return (Array.isArray(parts) ? parts : []).map((part) => part.String?.sval ?? '').join('.');
}

/** `ALTER DOMAIN ... ADD CONSTRAINT` / `SET NOT NULL` checks every column of every table that uses the domain. */
export const alterDomainAddConstraint: Rule = {
  id: 'alter-domain-add-constraint',
  title: 'Constraint added to a domain checks every table using it',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'ban-alter-domain-with-add-constraint' },
  docs: {
    why:
      'ALTER DOMAIN ... ADD CONSTRAINT and ALTER DOMAIN ... SET NOT NULL read every column of every table that uses the domain ' +
      'and lock those tables while they do, in one statement a reviewer cannot size from the migration alone. Add CHECK ' +
      'constraints NOT VALID (only new values are checked) and validate them when the tables are quiet, or constrain the ' +
      'tables directly, where each constraint can be added NOT VALID and validated online.',
    bad: "ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');",
    good: "ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%') NOT VALID;",
  },
  check(context) {
    // Domains created earlier in this file: no table uses them yet.
    const createdHere = new Set<string>();
    return context.statements.flatMap((facts): RuleFinding[] => {
      const created = bodyOf<{ domainname?: NameList }>(facts.statement, 'CreateDomainStmt');
      if (created) createdHere.add(dottedName(created.domainname));
      const body = bodyOf<AlterDomainBody>(facts.statement, 'AlterDomainStmt');
      const constraint = body?.def?.Constraint;
      const adds = body?.subtype === 'C' && constraint && !constraint.skip_validation;
      if (!body || !(adds || body.subtype === 'O')) return [];
      const name = dottedName(body.typeName);
      if (createdHere.has(name)) return [];
      const range = statementRange(facts.statement);
      const what = body.subtype === 'O' ? 'SET NOT NULL' : 'ADD CONSTRAINT';
      const canDefer = adds && constraint?.contype === 'CONSTR_CHECK';
      return [
        {
          ...range,
          message: `ALTER DOMAIN "${name}" ${what} scans and locks every table that uses it`,
          advice: canDefer
            ? 'Add it NOT VALID so only new values are checked, and VALIDATE it when the tables are quiet.'
            : 'Constrain the tables directly instead.',
          ...(canDefer && !facts.statement.newerSyntax ? { fixes: [fixOf('Add the constraint NOT VALID', [insertAt(range.end, ' NOT VALID')])] } : {}),
        },
      ];
    });
  },
};
