/** Replaced at bundle time from package.json; the fallback serves unbundled test runs. */
declare const __FEARLESS_VERSION__: string | undefined;

export const FEARLESS_VERSION: string = typeof __FEARLESS_VERSION__ === 'string' ? __FEARLESS_VERSION__ : '0.0.0-dev';

/** Replaced at bundle time with a hash of the server's sources: caches of findings are keyed by it, so any change of a rule misses. */
declare const __FEARLESS_BUILD__: string | undefined;

export const FEARLESS_BUILD: string = typeof __FEARLESS_BUILD__ === 'string' ? __FEARLESS_BUILD__ : 'unbundled';
