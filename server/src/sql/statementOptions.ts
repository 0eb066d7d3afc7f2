/**
 * Statement options written as a list (`REINDEX (CONCURRENTLY false)`,
 * `VACUUM (FULL off)`, `EXPLAIN (ANALYZE 0)`): an option counts by its value,
 * not its presence. Given without a value it is on.
 */

interface OptionNode {
  DefElem?: { defname?: string; arg?: { String?: { sval?: string }; Integer?: { ival?: number }; Boolean?: { boolval?: boolean } } };
}

const OFF = new Set(['false', 'off', '0', 'no']);

/** Whether the option `name` is given and on. */
export function optionOn(options: unknown, name: string): boolean {
  const option = ((options as OptionNode[] | undefined) ?? []).find((entry) => entry.DefElem?.defname?.toLowerCase() === name)?.DefElem;
  if (!option) return false;
  const arg = option.arg;
  if (arg === undefined) return true;
  if (arg.Boolean !== undefined) return arg.Boolean.boolval === true;
  if (arg.Integer !== undefined) return (arg.Integer.ival ?? 0) !== 0;
  return !OFF.has(arg.String?.sval?.toLowerCase() ?? '');
}
