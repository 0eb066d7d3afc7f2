export { MigrationHistory } from './migrationHistory';
export { SchemaModel, type TableInSchema } from './schemaModel';
export { earlierForwardMigrations, isReverseMigration, compareMigrationNames } from './migrationOrder';
