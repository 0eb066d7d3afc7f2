/**
 * Which migration tool's convention a file follows, and what that says about
 * it. Name-based conventions are tried before content-based ones; a
 * convention can be forced per project (`"convention"` in fearless.config.json).
 */

import type { Convention, ConventionName, FileContext, FileLayout, FolderAccess, PartRole } from './convention';
import { fileContext, uncachedFolderAccess, wholeFile } from './convention';
import { FORWARD_ONLY_CONVENTIONS, plain } from './forwardOnlyConventions';
import { SECTION_CONVENTIONS } from './sectionConventions';
import { TWO_FILE_CONVENTIONS } from './twoFileConventions';

export * from './convention';

const DETECTION_ORDER: readonly Convention[] = [...TWO_FILE_CONVENTIONS, ...SECTION_CONVENTIONS, ...FORWARD_ONLY_CONVENTIONS, plain];

export function conventionByName(name: ConventionName): Convention {
  return DETECTION_ORDER.find((convention) => convention.name === name) ?? plain;
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
    layout = convention.matches(file, disk) || !forced ? convention.layout(file, disk) : { convention: convention.name, forwardOnly: convention.forwardOnly, sections: [] };
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
