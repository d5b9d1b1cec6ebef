// JS property names of WIT labels in jco's convention (record fields and flags: lowerCamelCase,
// resources: UpperCamelCase), from the component runtime through the public API so that the CLI
// and the runtime can never disagree. Spec: component-model design/mvp/WIT.md §"Identifiers".
export { toLowerCamelCase as lowerCamel, toUpperCamelCase as upperCamel } from '../../index.js';
