/** Every `fearless` command, in the order the help lists them. */

import type { CliCommand } from '../command';
import { drillCommand } from './drill';
import { lintCommand } from './lint';
import { locksCommand } from './locks';
import { lspCommand } from './lsp';
import { mcpCommand } from './mcp';
import { planCommand } from './plan';
import { checkCommand, reviewCommand } from './review';
import { reverseCommand } from './reverse';
import { rulesCommand } from './rules';
import { shadowCommand } from './shadow';

export const COMMANDS: readonly CliCommand[] = [
  lintCommand,
  locksCommand,
  reverseCommand,
  drillCommand,
  reviewCommand,
  checkCommand,
  shadowCommand,
  planCommand,
  rulesCommand,
  lspCommand,
  mcpCommand,
];
