/**
 * Folders and files that sit among migrations without being migrations:
 * test data, fixtures. Excluded paths are neither linted nor drilled when a
 * folder is walked, and never become part of a history.
 */

/** What is left out unless the project says otherwise (`"exclude"` in fearless.config.json, `--exclude`). */
export const DEFAULT_EXCLUDES: readonly string[] = ['**/testdata/**', '**/fixtures/**', '**/__fixtures__/**'];

const compiled = new Map<string, RegExp>();

/**
 * A glob as a regular expression over `/`-separated paths: `**` any number of
 * folders, `*` any name part, `?` one character. A pattern without a `/`
 * matches a file or folder name at any depth, as in .gitignore.
 */
function globExpression(glob: string): RegExp {
  let expression = compiled.get(glob);
  if (!expression) {
    const bare = !glob.includes('/');
    const pattern = bare ? glob : glob.replace(/^\.?\//, '');
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const character = pattern[i]!;
      if (character === '*' && pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else if (character === '*') source += '[^/]*';
      else if (character === '?') source += '[^/]';
      else source += character.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
    // A bare name is a file or folder name at any depth, with whatever is below it.
    expression = new RegExp(bare ? `^(?:.*/)?${source}(?:/.*)?$` : `^${source}$`);
    compiled.set(glob, expression);
  }
  return expression;
}

/**
 * Whether `relativePath` (forward slashes, relative to where the search
 * started) is excluded; a folder is asked with a trailing `/`, so `dir/**`
 * patterns exclude the folder itself.
 */
export function isExcluded(relativePath: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globExpression(pattern).test(relativePath));
}
