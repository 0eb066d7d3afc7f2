/** Identifiers in generated SQL (quoted when PostgreSQL would not read them back unchanged) and generated names. */

export { quoteName as quoteIdentifier, identifierWithin63, generatedName } from '../../sql/quoteIdentifier';
export { bareName as bareTableName } from '../../sql/astNames';
