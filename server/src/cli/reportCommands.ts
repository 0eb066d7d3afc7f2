/** `fearless drill`, `review`, `check` and `shadow`, bundled on their own so lint and locks do not load the drill, PGlite glue and reports at every start. */

export { runDrillCommand } from './drillCli';
export { runReviewCommand } from './reviewCommand';
export { runShadowCommand } from './shadowCommand';
export { runPlanCommand } from './planCommand';
