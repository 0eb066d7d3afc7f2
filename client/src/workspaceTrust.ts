/**
 * Restricted Mode: in a workspace the engineer has not trusted, nothing of
 * it runs on a database (drills, reviews) and nothing of it goes to Claude,
 * whose base URL a workspace setting could otherwise point elsewhere.
 */

import * as vscode from 'vscode';

/** True when the workspace is trusted; otherwise says what is off and offers the trust editor. */
export function requireTrust(feature: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`Fearless: ${feature} is off in Restricted Mode. Trust this workspace to use it.`, 'Manage Workspace Trust')
    .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
  return false;
}
