// The purewasm command line. Commands so far: validate, inspect. (`run`, `invoke` and `wit`
// arrive with the interpreter, the component runtime and the WASI host.)

import { readFileSync } from 'node:fs';
import { WebAssembly as PureWasm } from '../index.js';

const USAGE = `usage: purewasm <command> [args]
  validate <file.wasm>...   decode and validate core modules; exit 1 on the first invalid one
  inspect <file.wasm>       print a module's imports and exports`;

export function main(argv: string[]): number {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'validate': {
      if (args.length === 0) return usage();
      for (const file of args) {
        try {
          new PureWasm.Module(readFileSync(file));
          console.log(`${file}: valid`);
        } catch (e) {
          if (!(e instanceof PureWasm.CompileError)) throw e;
          console.error(`${file}: ${e.message}`);
          return 1;
        }
      }
      return 0;
    }
    case 'inspect': {
      if (args.length !== 1) return usage();
      const m = new PureWasm.Module(readFileSync(args[0]!));
      for (const i of PureWasm.Module.imports(m)) console.log(`import ${i.kind} "${i.module}" "${i.name}"`);
      for (const e of PureWasm.Module.exports(m)) console.log(`export ${e.kind} "${e.name}"`);
      return 0;
    }
    case undefined: case '-h': case '--help': case 'help':
      console.log(USAGE);
      return 0;
    default:
      return usage();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}
