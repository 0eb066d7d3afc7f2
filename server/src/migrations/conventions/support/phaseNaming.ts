/** What the planner's writers share: numbered versions, and one file holding both parts under a tool's markers. */

import * as path from 'node:path';
import { projectFiles } from '../../../files/projectFiles';
import type { PhaseToWrite, PhaseWriter, PlannedFile } from '../convention';

type Naming = Pick<PhaseWriter, 'source' | 'existing' | 'next' | 'compare'>;

/** Versions that are whole numbers, zero-padded as the source migration's: `pattern` captures version and name. */
export function numberedNaming(pattern: RegExp): Naming {
  return {
    source(file) {
      const match = pattern.exec(path.basename(file));
      return match ? { version: match[1]!, name: match[2]! } : undefined;
    },
    existing: (folder) => projectFiles.listNames(folder).flatMap((name) => pattern.exec(name)?.[1] ?? []),
    next: (version, steps) => String(Number(version) + steps).padStart(version.length, '0'),
    compare: (a, b) => Number(a) - Number(b),
  };
}

export interface SectionMarkers {
  up(outside: boolean): string;
  down(outside: boolean): string;
  /** A line the file starts with (goose's NO TRANSACTION). */
  fileHeader?(outside: boolean): string;
  /** Lines around a body with dollar quotes, so the tool does not split it at its semicolons. */
  block?: [string, string];
}

function sectionBody(sql: string, block: [string, string] | undefined): string {
  return block && sql.includes('$') ? `${block[0]}\n${sql.trimEnd()}\n${block[1]}\n` : sql;
}

/** The writer of a tool that keeps both parts in one `N_slug.sql` under its markers (dbmate, goose, sql-migrate). */
export function oneFileWriter(markers: SectionMarkers): PhaseWriter {
  return {
    ...numberedNaming(/^(\d+)_(.+)\.sql$/i),
    folderOf: (file) => path.dirname(file),
    files(folder: string, version: string, phase: PhaseToWrite): PlannedFile[] {
      const outside = phase.outsideTransaction;
      const text = `${markers.fileHeader?.(outside) ?? ''}${markers.up(outside)}\n${sectionBody(phase.forward, markers.block)}\n${markers.down(outside)}\n${sectionBody(phase.reverse, markers.block)}`;
      return [{ path: path.join(folder, `${version}_${phase.slug}.sql`), text, kind: 'migration' }];
    },
    sourceFiles: (file) => [file],
  };
}
