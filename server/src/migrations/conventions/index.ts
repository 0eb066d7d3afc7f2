/**
 * Which migration tool's convention a file follows, and what that says about
 * it. Name-based conventions are tried before content-based ones; a
 * convention can be forced per project (`"convention"` in fearless.config.json).
 */

import type { Convention, ConventionName, FileContext, FileLayout, FolderAccess, PartRole } from './convention';
import { fileContext, uncachedFolderAccess, wholeFile } from './convention';
import { dbmate } from './dbmate';
import { diesel } from './diesel';
import { flyway } from './flyway';
import { golangMigrate } from './golangMigrate';
import { goose } from './goose';
import { liquibase } from './liquibase';
import { plain } from './plain';
import { prisma } from './prisma';
import { sqitch } from './sqitch';
import { sqlMigrate } from './sqlMigrate';
import { supabase } from './supabase';

export * from './convention';

/**
 * Every tool, in the order detection tries them: by file name and folder first (Sqitch before diesel, whose
 * `up.sql` could sit in a deploy/ folder), then by markers in the text, then the forward-only tools; plain last.
 */
export const CONVENTIONS: readonly Convention[] = [sqitch, diesel, flyway, golangMigrate, liquibase, dbmate, goose, sqlMigrate, prisma, supabase, plain];
const DETECTION_ORDER = CONVENTIONS;

export const CONVENTION_NAMES: readonly ConventionName[] = CONVENTIONS.map((convention) => convention.name);

export function conventionByName(name: ConventionName): Convention {
  return DETECTION_ORDER.find((convention) => convention.name === name) ?? plain;
}

/** A part's SQL where the tool keeps it in comments (Liquibase rollbacks), same length; other parts as they are. */
export function uncommented(convention: ConventionName, partText: string): string {
  return conventionByName(convention).uncomment?.(partText) ?? partText;
}

export interface LocatedFile {
  convention: Convention;
  file: FileContext;
  layout: FileLayout;
}

/**
 * The convention and parts of `filePath` (whose current text may be given,
 * e.g. an unsaved editor buffer). A forced convention whose markers the file
 * lacks still reads the whole file as one forward part.
 */
export function locateMigration(filePath: string, text?: string, disk: FolderAccess = uncachedFolderAccess, forced?: ConventionName): LocatedFile {
  const file = fileContext(filePath, text);
  const convention = forced ? conventionByName(forced) : (DETECTION_ORDER.find((candidate) => candidate.matches(file, disk)) ?? plain);
  let layout: FileLayout;
  try {
    layout =
      convention.matches(file, disk) || !forced
        ? convention.layout(file, disk)
        : { convention: convention.name, forwardOnly: convention.forwardOnly, sections: [] };
  } catch {
    layout = { convention: convention.name, forwardOnly: convention.forwardOnly, sections: [] };
  }
  if (layout.sections.length === 0) {
    layout = { ...layout, sections: [wholeFile(file, 'forward', convention.name === 'sqitch' ? 'none' : 'implicit', file.name)] };
  }
  return { convention, file, layout };
}

/** The role that decides a file's history: a file that starts with a reverse part runs after its forward. */
export function historyRoleOf(layout: FileLayout): PartRole {
  return layout.sections[0]?.role ?? 'forward';
}
