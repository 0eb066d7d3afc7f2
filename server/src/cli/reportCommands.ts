/** `fearless drill`, `review` and `check`, bundled on their own so lint and locks do not load the drill, PGlite glue and reports at every start. */

export { runDrillCommand } from './drillCli';
export { runReviewCommand } from './reviewCommand';
