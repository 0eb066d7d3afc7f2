export { parseSql, type ParsedSql, type ParsedStatement, type SqlProblem, type SqlProblemCode, type StatementNode } from './parseSql';
export { splitStatements, type StatementChunk, type LexProblem } from './splitStatements';
export { StatementCache, sharedStatementCache } from './statementCache';
export { PgQueryRuntime, sharedPgQueryRuntime } from './pgQueryRuntime';
export { TextLines, type Position, type Range } from './textLines';
export { Utf8ToUtf16, utf8ByteLength } from './utf8Offsets';
export { decodeSqlBytes, type DecodedSql } from './decodeSqlBytes';
export { relationName, type RangeVarNode } from './astNames';
