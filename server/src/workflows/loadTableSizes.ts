/** The table sizes a run works with: the config's `tables`, overlaid with a database's statistics when one is configured. */

import type { ProjectConfig } from '../config/projectConfig';
import { TableSizes } from '../migrations/tableSizes';

export async function loadTableSizes(config: ProjectConfig, env: NodeJS.ProcessEnv, reportProblem: (message: string) => void): Promise<TableSizes> {
  const sizes = TableSizes.none();
  const variable = config.tableSizesDatabaseUrlEnv;
  const url = variable ? env[variable] : undefined;
  if (variable && !url) reportProblem(`tableSizesDatabaseUrlEnv names ${variable}, which is not set; using the sizes in the config only.`);
  if (url) {
    try {
      // Loaded only when configured: most runs never connect anywhere.
      const { readTableSizes } = require('../drill/tableSizesFromDatabase') as typeof import('../drill/tableSizesFromDatabase');
      for (const [name, size] of (await readTableSizes(url)).sizes) sizes.add(name, size);
    } catch (error) {
      reportProblem(`${(error as Error).message}; using the sizes in the config only.`);
    }
  }
  // The config is the engineer's explicit statement: it wins over statistics.
  for (const [name, size] of Object.entries(config.tables)) sizes.add(name, size);
  return sizes;
}
