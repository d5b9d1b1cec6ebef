// The component binary decoder's public surface. Spec: component-model design/mvp/Binary.md.
// decodeComponent turns bytes into the unvalidated AST of ast.ts (CompileError if malformed);
// isComponent tells components from core modules; decodeValue reads 🪙 value definitions.

export type * from './ast.js';
export { decodeComponent, isComponent, COMPONENT_LAYER, COMPONENT_VERSION } from './decode.js';
export { decodeValue } from './value.js';
