import { normaliseName } from '../schema/schemaModel';
import { quoteName } from '../sql/quoteIdentifier';
import type { Rule, RuleFinding } from './rule';
import { appendAfter, fixOf } from './support/edits';
import { alterTableParts, type AlterTableCommand } from '../sql/statementParts';

const DISABLING: Record<string, string> = { AT_DisableTrig: 'trigger', AT_DisableTrigAll: 'ALL', AT_DisableTrigUser: 'USER' };
const ENABLING = new Set(['AT_EnableTrig', 'AT_EnableAlwaysTrig', 'AT_EnableReplicaTrig', 'AT_EnableTrigAll', 'AT_EnableTrigUser']);

/** What a DISABLE TRIGGER subcommand turns off, as `ALL`, `USER` or the trigger's name. */
function disabled(command: AlterTableCommand): string | undefined {
  const kind = DISABLING[command.node.subtype ?? ''];
  return kind === 'trigger' ? command.node.name : kind;
}

/** Whether an ENABLE subcommand turns the disabled triggers back on. */
function reenables(command: AlterTableCommand, what: string): boolean {
  const subtype = command.node.subtype ?? '';
  if (!ENABLING.has(subtype)) return false;
  if (subtype === 'AT_EnableTrigAll') return true;
  if (subtype === 'AT_EnableTrigUser') return what !== 'ALL';
  return command.node.name === what;
}

/**
 * A trigger disabled for the migration's own work and not enabled again
 * before it ends stays off in production: audit rows, derived columns and
 * (for ALL) foreign keys silently stop being maintained.
 */
export const triggerLeftDisabled: Rule = {
  id: 'trigger-left-disabled',
  title: 'A trigger disabled and not enabled again before the migration ends',
  defaultSeverity: 'warning',
  docs: {
    why:
      'ALTER TABLE ... DISABLE TRIGGER is a common way to speed up a data fix, but nothing re-enables the trigger when the ' +
      'migration ends: the table keeps running without it in production. Whatever the trigger maintained (audit rows, derived ' +
      'columns, search vectors, replicated changes; foreign keys for DISABLE TRIGGER ALL) silently stops. Enable it again in ' +
      'the same migration, after the work it was disabled for.',
    bad: 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nUPDATE orders SET total = subtotal + tax WHERE total IS NULL;',
    good: 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nUPDATE orders SET total = subtotal + tax WHERE total IS NULL;\nALTER TABLE orders ENABLE TRIGGER orders_audit;',
  },
  check(context) {
    return context.statements.flatMap((facts, index): RuleFinding[] => {
      // A reverse part undoes a forward: re-disabling what the forward enabled is restoring, not leaving a hole.
      if (facts.section?.role === 'reverse') return [];
      const parts = alterTableParts(facts.statement);
      if (!parts) return [];
      return parts.commands.flatMap((command): RuleFinding[] => {
        const what = disabled(command);
        if (!what) return [];
        const enabledLater = context.statements.slice(index + 1).some((later) => {
          if (later.section !== facts.section) return false;
          const laterParts = alterTableParts(later.statement);
          return (
            laterParts !== undefined &&
            normaliseName(laterParts.table) === normaliseName(parts.table) &&
            laterParts.commands.some((next) => reenables(next, what))
          );
        });
        if (enabledLater) return [];
        const several = what === 'ALL' || what === 'USER';
        const lastOfPart = [...context.statements].reverse().find((later) => later.section === facts.section)!;
        const enable = `ALTER TABLE ${parts.relationText} ENABLE TRIGGER ${several ? what : quoteName(what)};`;
        return [
          {
            ...command,
            message: several
              ? `Triggers (${what}) on "${parts.table}" stay disabled after this migration`
              : `Trigger "${what}" on "${parts.table}" stays disabled after this migration`,
            advice: `Enable ${several ? 'them' : 'it'} again (${enable}) after the work ${several ? 'they were' : 'it was'} disabled for, before the migration ends.`,
            ...(!lastOfPart.statement.newerSyntax
              ? { fixes: [fixOf(`Enable ${several ? 'them' : 'it'} again at the end of the migration`, [appendAfter(lastOfPart.statement, `\n${enable}`)])] }
              : {}),
          },
        ];
      });
    });
  },
};
