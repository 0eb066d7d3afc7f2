/** What libpg_query's `raw_parse` returns through the emscripten binding. */
export interface RawParseResult {
  /** JSON: `{"version": N, "stmts": [{"stmt": {...}, "stmt_location"?: B, "stmt_len"?: B}]}`; byte offsets. */
  parse_tree: string;
  /** `message` is empty on success; `cursorpos` is a 1-based byte offset, 0 when unknown. */
  error: { message: string; cursorpos: number };
}
