/**
 * Owns the pg-query-emscripten instance and absorbs its published defects.
 *
 * pg-query-emscripten 5.1.0's `parse()` copies every input onto the 64 KB
 * wasm stack and never pops it (then "frees" a stack pointer), so memory is
 * corrupted after ~64 KB of input in total and any input over ~64 KB fails.
 * We never call `parse()`: the input goes to the heap through the module's
 * own `allocate(bytes, ALLOC_NORMAL)` and `_free`, and `raw_parse` does the
 * work. Deeply nested input can still overflow the parser's own stack and
 * poison the instance, so an instance is retired after any throw, after a
 * result that is not well-formed, and after an input budget; a fresh one is
 * instantiated from the wasm module compiled once.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RawParseResult } from './rawParseResult';
import { wasmApi, type WasmModule } from '../wasmApi';

interface PgQueryModule {
  allocate(bytes: Uint8Array, allocator: number): number;
  _free(pointer: number): void;
  raw_parse(pointer: number): RawParseResult;
}

type PgQueryFactory = new () => Promise<PgQueryModule>;

/** `allocate`'s allocator id for the heap (`_malloc`); 1 is the leaking stack. */
const ALLOC_NORMAL = 0;

/** Retire an instance after this many input bytes, as a guard against slow leaks. */
const INPUT_BUDGET_BYTES = 32 * 1024 * 1024;

let compiledWasm: WasmModule | undefined;
let factoryPromise: Promise<PgQueryFactory> | undefined;

async function loadFactory(): Promise<PgQueryFactory> {
  factoryPromise ??= import('pg-query-emscripten/pg_query_wasm.js').then((loaded: { default: unknown }) => loaded.default as PgQueryFactory);
  return factoryPromise;
}

/**
 * The emscripten factory ignores its options object (the build reassigns
 * `Module`), so `instantiateWasm` cannot be passed in. Instead
 * `WebAssembly.instantiate` is wrapped for the duration of one
 * instantiation: the first call compiles the embedded binary and keeps the
 * compiled module; later instances reuse it.
 */
/**
 * The build (scripts/build.mjs) moves the inlined wasm to a file beside the
 * bundle and empties the module's data URI; unbundled runs (tests from tsc
 * output) have no such file and use the binary the module decodes itself.
 */
async function compileExtractedWasm(): Promise<void> {
  const extracted = path.join(__dirname, 'pg_query.wasm');
  if (compiledWasm || !fs.existsSync(extracted)) return;
  compiledWasm = await wasmApi.compile(fs.readFileSync(extracted));
}

async function instantiate(): Promise<PgQueryModule> {
  const [Factory] = await Promise.all([loadFactory(), compileExtractedWasm()]);
  const original = wasmApi.instantiate;
  // Called by the factory with the embedded binary; answers like the original for a binary input.
  wasmApi.instantiate = async (binary: Uint8Array | WasmModule, imports?: object): Promise<unknown> => {
    // Only the parser's own instantiation (its minified import namespace is `a`); anything else in the process
    // that instantiates wasm meanwhile (Node's HTTP parser, PGlite) gets the original.
    if (!imports || !('a' in imports)) return original.call(wasmApi, binary, imports);
    compiledWasm ??= binary instanceof wasmApi.Module ? binary : await wasmApi.compile(binary as Uint8Array);
    const instance = await original.call(wasmApi, compiledWasm, imports);
    return { module: compiledWasm, instance };
  };
  try {
    return await new Factory();
  } finally {
    wasmApi.instantiate = original;
  }
}

/** Serialises access: one instance, replaced when it is spent or poisoned. */
export class PgQueryRuntime {
  private instance: PgQueryModule | undefined;
  private pending: Promise<PgQueryModule> | undefined;
  private bytesSinceInstantiation = 0;
  /** How many instances this runtime created; tests read it to see recycling. */
  instancesCreated = 0;

  /** An instance with budget left for `inputBytes`. */
  async ready(inputBytes: number): Promise<void> {
    if (this.instance && this.bytesSinceInstantiation + inputBytes > INPUT_BUDGET_BYTES) this.retire();
    if (this.instance) return;
    this.pending ??= instantiate();
    try {
      this.instance = await this.pending;
      this.instancesCreated++;
      this.bytesSinceInstantiation = 0;
    } finally {
      this.pending = undefined;
    }
  }

  get isReady(): boolean {
    return this.instance !== undefined;
  }

  /**
   * Parses NUL-free UTF-8 `bytes`. Call `ready()` first. Returns undefined
   * when the instance failed (it is then retired; call `ready()` again).
   */
  parseUtf8(bytes: Uint8Array): RawParseResult | undefined {
    const instance = this.instance;
    if (!instance) throw new Error('PgQueryRuntime.parseUtf8 called before ready()');
    this.bytesSinceInstantiation += bytes.length + 1;
    const terminated = new Uint8Array(bytes.length + 1);
    terminated.set(bytes);
    let pointer = 0;
    try {
      pointer = instance.allocate(terminated, ALLOC_NORMAL);
      const result = instance.raw_parse(pointer);
      if (!isWellFormed(result)) {
        this.retire();
        return undefined;
      }
      return { parse_tree: result.parse_tree, error: { message: result.error.message, cursorpos: result.error.cursorpos } };
    } catch {
      this.retire();
      return undefined;
    } finally {
      if (pointer && this.instance === instance) instance._free(pointer);
    }
  }

  retire(): void {
    this.instance = undefined;
  }
}

function isWellFormed(result: unknown): result is RawParseResult {
  if (typeof result !== 'object' || result === null) return false;
  const candidate = result as Partial<RawParseResult>;
  return (
    typeof candidate.parse_tree === 'string' &&
    typeof candidate.error === 'object' &&
    candidate.error !== null &&
    typeof candidate.error.message === 'string' &&
    typeof candidate.error.cursorpos === 'number'
  );
}

/** The process-wide runtime: compiling the wasm is the expensive part, so share it. */
export const sharedPgQueryRuntime = new PgQueryRuntime();
