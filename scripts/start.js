// npm start: runs the production build (adapter-node) with defaults that suit a first run on a bare machine
// (scripts/start-env.js). Every default can be overridden by the environment (README "Configuration").
import { fileURLToPath } from 'node:url';
import { applyStartDefaults } from './start-env.js';

applyStartDefaults(process.env, fileURLToPath(new URL('..', import.meta.url)));

await import('../build/index.js');
console.log(`Cuộc thi trực tuyến: ${process.env.ORIGIN}`);
