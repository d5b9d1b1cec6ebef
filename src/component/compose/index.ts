// `purewasm compose`: plugging one component's exports into another's imports, producing a new
// component binary (what `wasm-tools compose` / `wac plug` do). Spec: component-model
// design/mvp/Explainer.md and Binary.md; see compose.ts for the shape of the output.
//
//   const composed = composeComponents(consumerBytes, providerBytes);
//   compileComponent(composed).instantiate({ ...remaining imports });

export { composeComponents, type ComposeOptions } from './compose.js';
