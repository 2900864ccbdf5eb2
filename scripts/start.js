// npm start: runs the production build (adapter-node) with defaults that suit a first run on a bare machine
// (scripts/start-env.js). Every default can be overridden by the environment (README "Configuration").
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { applyStartDefaults, listenWithBacklog } from './start-env.js';

applyStartDefaults(process.env, fileURLToPath(new URL('..', import.meta.url)));
listenWithBacklog(net.Server, Number(process.env.LISTEN_BACKLOG));

await import('../build/index.js');
console.log(`Cuộc thi trực tuyến: ${process.env.ORIGIN}`);
