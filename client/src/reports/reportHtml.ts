/**
 * The page of a report webview, and the actions a report offers. No
 * VS Code API here: the page and the choice of actions are tested as they
 * are (test/client/reportHtml.test.ts).
 */

import { escapeHtml } from '../shadow/shadowHtml';
import type { DrillRequestResult } from '../../../server/src/protocol/drill';

type PairDrill = NonNullable<DrillRequestResult['drill']>;

export interface ReportAction {
  label: string;
  run: () => unknown;
}

export interface Report {
  title: string;
  markdown: string;
  actions: readonly ReportAction[];
}

/** What an action does, before it is bound to the editor. */
export type ActionTarget = { kind: 'drill again'; uri: string | undefined } | { kind: 'open'; file: string; offset?: number };

export interface PlannedAction {
  label: string;
  target: ActionTarget;
}

const baseName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

/** Open the forward, open the reverse. */
export function pairActions(forward: string, reverse: string | null): PlannedAction[] {
  return [
    { label: `Open ${baseName(forward)}`, target: { kind: 'open', file: forward } },
    ...(reverse ? [{ label: `Open ${baseName(reverse)}`, target: { kind: 'open' as const, file: reverse } }] : []),
  ];
}

/** Run the drill again; open the statement that failed, where PostgreSQL said; open the pair. */
export function drillActions(drill: PairDrill | null, asked: string | undefined, fileUri: (file: string) => string): PlannedAction[] {
  const again: PlannedAction = { label: 'Run the drill again', target: { kind: 'drill again', uri: drill ? fileUri(drill.forward) : asked } };
  if (!drill) return [again];
  const failed = drill.steps.find((step) => !step.ok && step.failedAt);
  return [
    again,
    ...(failed?.failedAt
      ? [
          {
            label: `Open the failing statement (${failed.name})`,
            target: { kind: 'open' as const, file: failed.failedAt.file, offset: failed.failedAt.offset },
          },
        ]
      : []),
    ...pairActions(drill.forward, drill.reverse),
  ];
}

/**
 * The page: the action buttons first (the script binds only those), then the report. The rendered report may carry
 * raw HTML from what the drill read (SQL, PostgreSQL's messages): only the page's own style and script, which hold
 * the nonce, apply; nothing in the report can restyle or cover the buttons, or run.
 */
export function reportHtml(report: Report, body: string, nonce: string): string {
  const buttons = report.actions.map((action, index) => `<button type="button" data-action="${index}">${escapeHtml(action.label)}</button>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<title>${escapeHtml(report.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.5em 2em; line-height: 1.5; }
#fearless-actions { position: sticky; top: 0; display: flex; flex-wrap: wrap; gap: .5em; padding: .75em 0; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border); }
#fearless-actions button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: .3em .9em; border-radius: 2px; cursor: pointer; }
#fearless-actions button:hover { background: var(--vscode-button-hoverBackground); }
#fearless-actions button + button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid var(--vscode-panel-border); padding: .25em .6em; text-align: left; vertical-align: top; }
code, pre { font-family: var(--vscode-editor-font-family); }
pre { background: var(--vscode-textCodeBlock-background); padding: .6em; overflow-x: auto; }
</style></head>
<body>
<div id="fearless-actions">${buttons}</div>
<article>${body}</article>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const button of document.getElementById('fearless-actions').querySelectorAll('button')) {
  button.addEventListener('click', () => vscode.postMessage({ action: Number(button.dataset.action) }));
}
</script>
</body></html>`;
}
