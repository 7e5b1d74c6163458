/** juicebox-sdk ships types only for its bundler entry; this is its Node-usable glue. */
declare module 'juicebox-sdk/juicebox-sdk_bg.js' {
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
  export const Client: unknown;
  export const Configuration: unknown;
}
