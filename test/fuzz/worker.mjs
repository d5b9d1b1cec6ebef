// Worker-thread entry of the fuzz executor pool (pool.ts). Plain JS so that it can start in any
// host (tsx, vitest, plain node): it registers tsx's loader, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
