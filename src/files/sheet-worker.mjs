// Starts the table-reading worker thread: a worker does not inherit the TypeScript loader of the
// process that started it (tsx, vitest), so it registers tsx itself and loads sheet-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./sheet-worker.ts');
