/**
 * The checklist as the reviewer and CI read it: Markdown for the PR, JSON,
 * SARIF (for code scanning), and GitHub Actions annotations.
 */

import * as path from 'node:path';
import type { ChecklistItem, ItemStatus, MigrationReview } from './checklist';

const MARK: Record<ItemStatus, string> = { pass: '✅', fail: '❌', warn: '⚠️', info: 'ℹ️', 'n/a': '➖' };

/** A review fails when any item fails; warnings are for the human reviewer to weigh. */
export function reviewFails(review: MigrationReview): boolean {
  return review.items.some((item) => item.status === 'fail');
}

export function reviewsMarkdown(reviews: readonly MigrationReview[], relativeTo: string, aiSummary?: string): string {
  const name = (file: string): string => path.relative(relativeTo, file) || path.basename(file);
  const failed = reviews.filter(reviewFails).length;
  const lines = [`# Migration review: ${reviews.length - failed} of ${reviews.length} migration${reviews.length === 1 ? '' : 's'} ready`, ''];
  if (aiSummary) lines.push(...aiSummaryBlock(aiSummary), '');
  for (const review of reviews) {
    lines.push(`## ${name(review.forward)}${review.reverse ? ` ↔ ${name(review.reverse)}` : ''}: ${reviewFails(review) ? 'not ready' : 'ready'}`, '');
    for (const item of review.items) {
      lines.push(`- ${MARK[item.status]} **${item.title}** (${item.status})`);
      for (const line of item.evidence) lines.push(`  - ${line}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** Claude's summary as the report shows it: a quote, marked as AI-written. */
export function aiSummaryBlock(summary: string): string[] {
  return [
    '> **AI-written risk summary (Claude, first pass; the reviewer confirms):**',
    ...summary
      .trim()
      .split('\n')
      .map((line) => `> ${line}`),
  ];
}

/** A report with Claude's summary put in under its title (for a report made before the summary came). */
export function withAiSummary(markdown: string, summary: string): string {
  const end = markdown.indexOf('\n\n');
  if (end < 0) return `${markdown}\n${aiSummaryBlock(summary).join('\n')}\n`;
  return `${markdown.slice(0, end + 2)}${aiSummaryBlock(summary).join('\n')}\n\n${markdown.slice(end + 2)}`;
}

export function reviewsJson(reviews: readonly MigrationReview[], aiSummary?: string): string {
  const failed = reviews.filter(reviewFails).length;
  return `${JSON.stringify({ reviews, summary: { migrations: reviews.length, ready: reviews.length - failed, notReady: failed }, ...(aiSummary ? { aiSummary } : {}) })}\n`;
}

function sarifLevel(item: ChecklistItem): 'error' | 'warning' | 'note' {
  return item.status === 'fail' ? 'error' : item.status === 'warn' ? 'warning' : 'note';
}

export function reviewsSarif(reviews: readonly MigrationReview[], relativeTo: string, version: string): string {
  const results = reviews.flatMap((review) =>
    review.items
      .filter((item) => item.status === 'fail' || item.status === 'warn')
      .map((item) => ({
        ruleId: item.id,
        level: sarifLevel(item),
        message: { text: `${item.title}: ${item.evidence.join(' ')}` },
        locations: [
          { physicalLocation: { artifactLocation: { uri: path.relative(relativeTo, review.forward).split(path.sep).join('/') }, region: { startLine: 1 } } },
        ],
      })),
  );
  const rules = [...new Set(reviews.flatMap((review) => review.items.map((item) => `${item.id}\u0000${item.title}`)))].map((entry) => {
    const [id, title] = entry.split('\u0000');
    return { id, shortDescription: { text: title } };
  });
  return `${JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'fearless', version, informationUri: 'https://github.com/fearless-migrations', rules } }, results }],
  })}\n`;
}

/** `::error file=…,line=1,title=…::…` lines for failing and warning items (GitHub Actions annotations). */
export function reviewsGithub(reviews: readonly MigrationReview[], relativeTo: string): string {
  const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const lines = reviews.flatMap((review) =>
    review.items
      .filter((item) => item.status === 'fail' || item.status === 'warn')
      .map(
        (item) =>
          `::${item.status === 'fail' ? 'error' : 'warning'} file=${path.relative(relativeTo, review.forward)},line=1,title=${escapeData(item.title).replace(/,/g, '%2C').replace(/:/g, '%3A')}::${escapeData(item.evidence.join('\n'))}`,
      ),
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
