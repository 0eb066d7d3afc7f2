/**
 * The text of a new reverse part: what to undo, in reverse order, as SQL
 * comments for the engineer to turn into statements. (The deterministic
 * draft of issue 5 replaces these comments with SQL where it can prove it.)
 */

import type { Effect } from '../../reverse/effects';

const UNDO: Record<Effect['action'], string> = {
  create: 'drop',
  drop: 'recreate',
  rename: 'rename back',
  set: 'restore the previous',
  unset: 'restore',
  change: 'restore the previous',
  write: 'undo the data change to',
};

export function reverseStub(forwardName: string, effects: readonly Effect[]): string {
  const lines = [`-- Reverse of ${forwardName}. Undo, in reverse order of the forward:`];
  for (const effect of [...effects].reverse()) {
    lines.push(`--   ${UNDO[effect.action]} ${effect.kind} ${effect.name}${effect.action === 'rename' && effect.to ? ` (now ${effect.to})` : ''}`);
  }
  if (effects.length === 0) lines.push('--   (the forward changes no object fearless recognises)');
  lines.push('');
  return `${lines.join('\n')}\n`;
}
