// Worker-thread entry of the component-diff pool (pool.ts). Plain JS so that it starts in any
// host (tsx, vitest, plain node): it registers tsx's loader, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
