/**
 * Conventions that keep forward and reverse as sections of one file: dbmate
 * (`-- migrate:up` / `-- migrate:down`), goose (`-- +goose Up` / `Down`),
 * sql-migrate (`-- +migrate Up` / `Down`) and Liquibase formatted SQL
 * (`--changeset` with `--rollback`). Files in a folder run in name order
 * (version prefixes compare as numbers).
 */

import * as path from 'node:path';
import { namesBefore, sortedNamesIn, type Convention, type ConventionName, type FolderAccess, type FileContext, type FileLayout, type FileSection, type MigrationPart } from './convention';
import { DBMATE, GOOSE, readLiquibaseSections, readSections, SQL_MIGRATE, type MarkedSection } from './sectionMarkers';

function migrationIdOf(fileName: string): string {
  return /^(\d+)/.exec(fileName)?.[1] ?? fileName.replace(/\.sql$/i, '');
}

function toSections(marked: MarkedSection[], fileName: string, sqlInComments = false): FileSection[] {
  return marked.map((section) => ({
    role: section.role,
    start: section.start,
    end: section.end,
    markerStart: section.markerStart,
    markerEnd: section.markerEnd,
    transaction: section.noTransaction ? 'none' : 'wrapped',
    migrationId: section.id ?? migrationIdOf(fileName),
    ...(sqlInComments && section.role === 'reverse' ? { sqlInComments: true } : {}),
  }));
}

function earlierFilesWith(file: FileContext, disk: FolderAccess, marker: RegExp): MigrationPart[] {
  const names = sortedNamesIn(disk, file.directory, '.sql files', (entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql'));
  return namesBefore(names, file.name)
    .map((name) => path.join(file.directory, name))
    .filter((candidate) => marker.test(disk.read(candidate)))
    .map((candidate) => ({ file: candidate }));
}

function sectionConvention(
  name: ConventionName,
  marker: RegExp,
  read: (text: string) => MarkedSection[],
  sqlInComments = false,
): Convention {
  return {
    name,
    forwardOnly: false,
    matches: (file) => marker.test(file.text()),
    layout(file): FileLayout {
      return { convention: name, forwardOnly: false, sections: toSections(read(file.text()), file.name, sqlInComments) };
    },
    counterpart(file, layout, sectionIndex) {
      const section = layout.sections[sectionIndex]!;
      const wanted = section.role === 'forward' ? 'reverse' : 'forward';
      const other = layout.sections.find((candidate) => candidate.role === wanted && candidate.migrationId === section.migrationId);
      return { file: file.path, exists: other !== undefined, ...(other ? { section: { start: other.start, end: other.end } } : {}) };
    },
    earlierForwards(file, role, disk) {
      // Forward sections of earlier files; the caller adds this file's own forward section for a reverse.
      void role;
      return earlierFilesWith(file, disk, marker);
    },
  };
}

export const dbmate = sectionConvention('dbmate', /^--\s*migrate:up\b/im, (text) => readSections(text, DBMATE));
export const goose = sectionConvention('goose', /^--\s*\+goose\s+Up\b/im, (text) => readSections(text, GOOSE));
export const sqlMigrate = sectionConvention('sql-migrate', /^--\s*\+migrate\s+Up\b/im, (text) => readSections(text, SQL_MIGRATE));
export const liquibase = sectionConvention('liquibase', /^--\s*liquibase\s+formatted\s+sql\b/im, readLiquibaseSections, true);

export const SECTION_CONVENTIONS: readonly Convention[] = [liquibase, dbmate, goose, sqlMigrate];
