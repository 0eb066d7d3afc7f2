/**
 * How each migration tool wants a phase written: its file names and
 * version numbers, where forward and reverse go, and how a phase that must
 * run outside a transaction (CREATE INDEX CONCURRENTLY) says so:
 *
 * - golang-migrate: `N_slug.up.sql` / `N_slug.down.sql` (one statement per
 *   such phase, which runs outside a transaction);
 * - diesel: `YYYY-MM-DD-HHMMSS_slug/up.sql`, `down.sql`, and
 *   `metadata.toml` with `run_in_transaction = false`;
 * - dbmate, goose, sql-migrate: one `N_slug.sql` with both parts under the
 *   tool's markers and its no-transaction option; bodies with dollar
 *   quotes between goose's or sql-migrate's StatementBegin/End;
 * - Flyway: `V<n>__slug.sql` / `U<n>__slug.sql`, each with a `.conf` saying
 *   `executeInTransaction=false`.
 *
 * Versions follow the last migration in the folder, or with `replace` take
 * the naive migration's place (refused when later migrations exist).
 */

import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import type { ConventionName } from '../migrations/conventions';
import { PlanProblem, type Phase } from './changePlan';

export interface PlannedFile {
  path: string;
  text: string;
  /** `settings`: the tool's per-migration options file (diesel's metadata.toml, Flyway's .conf). */
  kind: 'forward' | 'reverse' | 'migration' | 'settings' | 'backfill' | 'plan';
}

export interface LaidOutPhases {
  files: PlannedFile[];
  /** The version each phase got, in order. */
  versions: string[];
  /** The version of the migration the first phase follows, if any (a backfill that must run before the first phase follows it). */
  previousVersion?: string;
  /** The naive migration's files (removed when the phases replace it). */
  sourceFiles: string[];
  /** Where the plan document goes. */
  planPath: string;
}

interface Versioned {
  version: string;
  name: string;
}

interface NamingScheme {
  /** The naive migration's version and name, from its path. */
  source(file: string): Versioned | undefined;
  /** Versions of every migration in the folder. */
  existing(folder: string): string[];
  next(version: string, steps: number): string;
  compare(a: string, b: string): number;
}

const numbered = (pattern: RegExp): NamingScheme => ({
  source(file) {
    const match = pattern.exec(path.basename(file));
    return match ? { version: match[1]!, name: match[2]! } : undefined;
  },
  existing: (folder) => projectFiles.listNames(folder).flatMap((name) => pattern.exec(name)?.[1] ?? []),
  next: (version, steps) => String(Number(version) + steps).padStart(version.length, '0'),
  compare: (a, b) => Number(a) - Number(b),
});

const DIESEL_FOLDER = /^(\d{4}-\d{2}-\d{2}-\d{6})_(.+)$/;

function dieselTime(version: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(version)!;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

const dieselNaming: NamingScheme = {
  source: (file) => {
    const match = DIESEL_FOLDER.exec(path.basename(path.dirname(file)));
    return match ? { version: match[1]!, name: match[2]! } : undefined;
  },
  existing: (folder) => projectFiles.list(folder).flatMap((entry) => (entry.isDirectory() ? (DIESEL_FOLDER.exec(entry.name)?.[1] ?? []) : [])),
  next(version, steps) {
    const iso = new Date(dieselTime(version).getTime() + steps * 1000).toISOString();
    return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  },
  compare: (a, b) => dieselTime(a).getTime() - dieselTime(b).getTime(),
};

const SECTION_MARKERS: Partial<Record<ConventionName, { up: (outside: boolean) => string; down: (outside: boolean) => string; fileHeader?: (outside: boolean) => string; block?: [string, string] }>> = {
  dbmate: { up: (outside) => `-- migrate:up${outside ? ' transaction:false' : ''}`, down: (outside) => `-- migrate:down${outside ? ' transaction:false' : ''}` },
  goose: { fileHeader: (outside) => (outside ? '-- +goose NO TRANSACTION\n' : ''), up: () => '-- +goose Up', down: () => '-- +goose Down', block: ['-- +goose StatementBegin', '-- +goose StatementEnd'] },
  'sql-migrate': { up: (outside) => `-- +migrate Up${outside ? ' notransaction' : ''}`, down: (outside) => `-- +migrate Down${outside ? ' notransaction' : ''}`, block: ['-- +migrate StatementBegin', '-- +migrate StatementEnd'] },
};

/** A part holding a dollar-quoted body: the tool must not split it at its semicolons. */
function sectionBody(sql: string, block: [string, string] | undefined): string {
  return block && sql.includes('$') ? `${block[0]}\n${sql.trimEnd()}\n${block[1]}\n` : sql;
}

function schemeFor(convention: ConventionName): NamingScheme | undefined {
  switch (convention) {
    case 'golang-migrate':
      return numbered(/^(\d+)_(.+)\.(?:up|down)\.sql$/i);
    case 'dbmate':
    case 'goose':
    case 'sql-migrate':
      return numbered(/^(\d+)_(.+)\.sql$/i);
    case 'flyway':
      return numbered(/^[VU](\d+)__(.+)\.sql$/);
    case 'diesel':
      return dieselNaming;
    default:
      return undefined;
  }
}

export function layOutPhases(phases: readonly Phase[], sourceFile: string, convention: ConventionName, replace: boolean): LaidOutPhases {
  const scheme = schemeFor(convention);
  if (!scheme) throw new PlanProblem(`writing a plan as ${convention} migrations is not supported yet (golang-migrate, diesel, dbmate, goose, sql-migrate and Flyway are).`);
  const source = scheme.source(sourceFile);
  if (!source) throw new PlanProblem(`${path.basename(sourceFile)} is not named the way ${convention} names a forward migration${convention === 'flyway' ? ' with a whole-number version (V3__name.sql)' : ''}.`);
  const folder = convention === 'diesel' ? path.dirname(path.dirname(sourceFile)) : path.dirname(sourceFile);
  const versions = scheme.existing(folder);
  if (replace && versions.some((version) => scheme.compare(version, source.version) > 0)) {
    throw new PlanProblem(`migrations after ${path.basename(sourceFile)} exist: the phases cannot take its place; plan without --replace to add them at the end.`);
  }
  const last = versions.reduce((latest, version) => (scheme.compare(version, latest) > 0 ? version : latest), source.version);
  const phaseVersions = phases.map((_, index) => (replace ? scheme.next(source.version, index) : scheme.next(last, index + 1)));
  const earlier = replace ? versions.filter((version) => scheme.compare(version, source.version) < 0) : [last];
  const previousVersion = earlier.reduce<string | undefined>((latest, version) => (latest === undefined || scheme.compare(version, latest) > 0 ? version : latest), undefined);

  const files: PlannedFile[] = [];
  phases.forEach((phase, index) => {
    const version = phaseVersions[index]!;
    const outside = phase.outsideTransaction === true;
    switch (convention) {
      case 'golang-migrate': {
        const base = path.join(folder, `${version}_${phase.slug}`);
        files.push({ path: `${base}.up.sql`, text: phase.forward, kind: 'forward' }, { path: `${base}.down.sql`, text: phase.reverse, kind: 'reverse' });
        break;
      }
      case 'diesel': {
        const directory = path.join(folder, `${version}_${phase.slug}`);
        files.push({ path: path.join(directory, 'up.sql'), text: phase.forward, kind: 'forward' }, { path: path.join(directory, 'down.sql'), text: phase.reverse, kind: 'reverse' });
        if (outside) files.push({ path: path.join(directory, 'metadata.toml'), text: 'run_in_transaction = false\n', kind: 'settings' });
        break;
      }
      case 'flyway': {
        const forward = path.join(folder, `V${version}__${phase.slug}.sql`);
        const reverse = path.join(folder, `U${version}__${phase.slug}.sql`);
        files.push({ path: forward, text: phase.forward, kind: 'forward' }, { path: reverse, text: phase.reverse, kind: 'reverse' });
        if (outside) for (const script of [forward, reverse]) files.push({ path: `${script}.conf`, text: 'executeInTransaction=false\n', kind: 'settings' });
        break;
      }
      default: {
        const markers = SECTION_MARKERS[convention]!;
        const text = `${markers.fileHeader?.(outside) ?? ''}${markers.up(outside)}\n${sectionBody(phase.forward, markers.block)}\n${markers.down(outside)}\n${sectionBody(phase.reverse, markers.block)}`;
        files.push({ path: path.join(folder, `${version}_${phase.slug}.sql`), text, kind: 'migration' });
      }
    }
  });

  const sourceFiles =
    convention === 'golang-migrate'
      ? [sourceFile, sourceFile.replace(/\.up\.sql$/i, '.down.sql')]
      : convention === 'diesel'
        ? ['up.sql', 'down.sql', 'metadata.toml'].map((name) => path.join(path.dirname(sourceFile), name))
        : convention === 'flyway'
          ? [sourceFile, path.join(folder, path.basename(sourceFile).replace(/^V/, 'U'))].flatMap((script) => [script, `${script}.conf`])
          : [sourceFile];
  const planPath = path.join(folder, `${source.version}_${source.name}.plan.md`);
  return { files, versions: phaseVersions, ...(previousVersion !== undefined ? { previousVersion } : {}), sourceFiles: sourceFiles.filter((file) => projectFiles.exists(file)), planPath };
}
