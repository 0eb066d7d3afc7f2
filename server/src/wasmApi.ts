/** The slice of the WebAssembly API this project uses (lib.dom is not in its type libraries). */

export interface WasmModule {
  readonly __brand?: 'WebAssembly.Module';
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(source: Uint8Array | WasmModule, imports?: object): Promise<unknown>;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
