declare module 'pg-query-emscripten/pg_query_wasm.js' {
  const factory: unknown;
  export default factory;
}
