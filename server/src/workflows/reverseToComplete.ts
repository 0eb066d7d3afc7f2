/** A drafted reverse as the Claude step takes it: the forward's own text (comments included), the draft, the history. */

import type { ReverseToComplete } from '../ai/completeReverse';
import type { SchemaModel } from '../schema/schemaModel';
import type { ReverseDraft } from '../reverse/reverseDraft';

export function reverseToComplete(draft: ReverseDraft, forwardFileText: string, schemaBefore: SchemaModel): ReverseToComplete {
  return {
    forwardName: draft.forwardName,
    forward: draft.forward,
    forwardText: forwardFileText.slice(draft.section.start, draft.section.end),
    draft: draft.reverse,
    draftSql: draft.sql,
    schemaBefore,
  };
}
