export { MigrationHistory } from './migrationHistory';
export { SchemaModel, type TableInSchema } from '../schema/schemaModel';
export { isReverseMigration, compareMigrationNames, sortMigrationNames } from './migrationOrder';
export { locateMigration, type LocatedFile, type ConventionName, type FileLayout, type FileSection } from './conventions';
