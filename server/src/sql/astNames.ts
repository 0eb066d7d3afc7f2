/** Small readers over parser nodes that every later layer needs. */

export interface RangeVarNode {
  schemaname?: string;
  relname?: string;
  location?: number;
}

/** `schema.table` as written, without quotes; `table` alone when no schema was given. */
export function relationName(relation: RangeVarNode | undefined): string | undefined {
  if (!relation?.relname) return undefined;
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
}
