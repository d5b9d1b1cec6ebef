// The differential fuzzing harness: binaryen-generated modules run on two engines
// (node's WebAssembly as the oracle, and purewasm), every observable compared. See README.md.
export { addHarnessExports, moduleShape, HARNESS_EXPORT_PREFIX } from './binary.js';
export { formatSummary, judge, runCampaign, seedRange, type CampaignOptions, type CampaignSummary, type ModuleResult, type ModuleStatus } from './campaign.js';
export { compareLogs, describeDifference, formatLog, type LogDifference } from './compare.js';
export { ENGINE_NAMES, engineFromNamespace, loadEngine, restrictedPurewasmFeatures, type FuzzEngine } from './engines.js';
export { executeModule, externPayload, type ExecOptions, type LogEntry, type RunLog } from './execute.js';
export { classifyError, formatValue, trapCategory } from './format.js';
export { CACHE_DIR, GENERATOR_FEATURES, ModuleGenerator, WASM_OPT_FEATURE_FLAGS, ttfInput, wasmOptArgs, type GenerateOptions, type GeneratedModule } from './generate.js';
export { InlineExecutor, WorkerPool, type ExecJob, type Executor, type JobOutcome } from './pool.js';
export { Prng } from './prng.js';
