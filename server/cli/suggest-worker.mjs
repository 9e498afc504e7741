// Entry of a `lockstep suggest` worker thread: TypeScript through tsx (a worker does not inherit the CLI's
// `--import tsx`; both of its hooks, CommonJS and ESM, as that flag installs), then the module in workerData.
import { workerData } from 'node:worker_threads';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerCommonJs();
registerEsm({ tsconfig: workerData.tsconfig });
await import(workerData.entry);
