// npm start: runs the production build (adapter-node) with defaults that suit a first run on a bare machine.
// Every default can be overridden by the environment (README "Configuration").
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
process.env.BODY_SIZE_LIMIT ??= '55M'; // essay files may be up to 50 MB (essay_settings.max_file_bytes)
process.env.MIGRATIONS_DIR ??= `${root}drizzle`;
process.env.DATA_DIR ??= `${root}.data`;

await import('../build/index.js');
console.log(`Cuộc thi trực tuyến: ${process.env.ORIGIN}`);
