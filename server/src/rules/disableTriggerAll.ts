import { normaliseName } from '../schema/schemaModel';
import type { Rule, RuleFinding, TextEdit } from './rule';
import { fixOf, replaceRange } from './support/edits';
import { alterTableParts, wordRange } from '../sql/statementParts';
import { lockInParentheses } from './support/messages';

/**
 * DISABLE TRIGGER ALL turns off the internal triggers that enforce foreign
 * keys, not only the table's own: rows loaded meanwhile are never checked.
 */
export const disableTriggerAll: Rule = {
  id: 'disable-trigger-all',
  title: 'DISABLE TRIGGER ALL turns off foreign-key enforcement',
  defaultSeverity: 'error',
  docs: {
    why:
      'ALTER TABLE ... DISABLE TRIGGER ALL (and SYSTEM) disables the internal triggers through which PostgreSQL enforces foreign ' +
      "keys, along with the table's own triggers. Rows written while they are off are never checked, then or later: orphans and " +
      'dangling references stay until something fails on them. It needs superuser (or ownership plus session_replication_role ' +
      'tricks), takes ACCESS EXCLUSIVE on the table, and if the migration stops before ENABLE, the table is left unprotected. ' +
      "To silence the table's own triggers during a load, DISABLE TRIGGER USER keeps foreign keys enforced.",
    bad: 'ALTER TABLE orders DISABLE TRIGGER ALL;\nINSERT INTO orders SELECT * FROM orders_import;\nALTER TABLE orders ENABLE TRIGGER ALL;',
    good: 'ALTER TABLE orders DISABLE TRIGGER USER;\nINSERT INTO orders SELECT * FROM orders_import;\nALTER TABLE orders ENABLE TRIGGER USER;',
  },
  check(context) {
    return context.statements.flatMap((facts, index): RuleFinding[] => {
      const parts = alterTableParts(facts.statement);
      const disabling = parts?.commands.find((command) => command.node.subtype === 'AT_DisableTrigAll');
      if (!parts || !disabling) return [];
      const all = wordRange(facts.statement, 'ALL', disabling);
      // The fix narrows both ends: this DISABLE and the ENABLE TRIGGER ALL that restores the table later in the file.
      const edits: TextEdit[] = all ? [replaceRange(all, 'USER')] : [];
      for (const later of context.statements.slice(index + 1)) {
        const laterParts = alterTableParts(later.statement);
        if (!laterParts || normaliseName(laterParts.table) !== normaliseName(parts.table)) continue;
        const enabling = laterParts.commands.find((command) => command.node.subtype === 'AT_EnableTrigAll');
        const laterAll = enabling ? wordRange(later.statement, 'ALL', enabling) : undefined;
        if (laterAll) {
          edits.push(replaceRange(laterAll, 'USER'));
          break;
        }
      }
      return [
        {
          ...(all ? { start: disabling.start, end: all.end } : disabling),
          message: `DISABLE TRIGGER ALL turns off foreign-key enforcement on "${parts.table}" ${lockInParentheses({ mode: 'ACCESS EXCLUSIVE', scan: false, rewrite: false })}`,
          advice: 'Use DISABLE/ENABLE TRIGGER USER instead, which keeps foreign keys enforced: rows written while ALL is off are never checked.',
          ...(all && !facts.statement.newerSyntax ? { fixes: [fixOf("Disable only the table's own triggers (DISABLE/ENABLE TRIGGER USER)", edits)] } : {}),
        },
      ];
    });
  },
};
