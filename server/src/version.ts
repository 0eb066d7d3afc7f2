/** Replaced at bundle time from package.json; the fallback serves unbundled test runs. */
declare const __FEARLESS_VERSION__: string | undefined;

export const FEARLESS_VERSION: string = typeof __FEARLESS_VERSION__ === 'string' ? __FEARLESS_VERSION__ : '0.0.0-dev';
