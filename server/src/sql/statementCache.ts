import type { NewerSyntax } from './newerSyntax';

/**
 * Parse results per statement text, so an edit re-parses only the statements
 * it changed. Results hold positions relative to the statement, so a
 * statement that merely moved is still a hit.
 */

/** A parser statement node, e.g. `{ "IndexStmt": { ... } }`. */
export type StatementNode = Record<string, unknown>;

/** One statement as the parser returned it; the node is decoded from JSON on first use. */
export interface ChunkStatement {
  kind: string;
  byteStart: number;
  byteEnd: number;
  node(): StatementNode;
  /** The first relation the statement names (`view` of a ViewStmt, `relation` of most), read without decoding the whole tree. */
  leadingRelation(): { schemaname?: string; relname: string } | undefined;
}

export interface ChunkParse {
  /** Usually one; more when the parser found several statements in one chunk. */
  statements: ChunkStatement[];
  /** Set when the statement only parsed in an older spelling (see newerSyntax.ts). */
  newerSyntax?: NewerSyntax;
  /**
   * The parser's syntax error. Its cursor counts characters (code points),
   * unlike node locations, which count bytes; 0-based, -1 when it gave none.
   */
  syntaxError?: { message: string; codePointOffset: number };
}

export class StatementCache {
  private readonly entries = new Map<string, ChunkParse>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 50_000) {}

  get(text: string): ChunkParse | undefined {
    const found = this.entries.get(text);
    if (found) {
      this.hits++;
      // Refresh recency: Map iteration order is insertion order.
      this.entries.delete(text);
      this.entries.set(text, found);
    } else {
      this.misses++;
    }
    return found;
  }

  set(text: string, parse: ChunkParse): void {
    this.entries.set(text, parse);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

export const sharedStatementCache = new StatementCache();
