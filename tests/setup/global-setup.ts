import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/lib/server/db/client';

declare module 'vitest' {
	export interface ProvidedContext {
		/** set when TEST_DATABASE_URL points at a real PostgreSQL: the migrated template database */
		pgTemplate: string | null;
		/** otherwise: a migrated PGlite data folder, dumped once, loaded by every test file */
		pgliteDump: string | null;
	}
}

/**
 * One run's databases share a prefix with the run's process id, so two runs on one server (two worktrees, two
 * helpers) never drop each other's databases. A test file's database is `<template>_<worker pid>_<random>`.
 */
const RUN_PREFIX = `cuocthi_test_${process.pid}`;
export const TEMPLATE_DB = `${RUN_PREFIX}_template`;

export function databaseUrl(base: string, database: string) {
	const url = new URL(base);
	url.pathname = `/${database}`;
	return url.toString();
}

/** Migrates once for the whole run: a template database on PostgreSQL, or a PGlite dump. */
export default async function setup(project: TestProject) {
	const migrations = path.resolve('drizzle');
	const base = process.env.TEST_DATABASE_URL;
	if (base) {
		const admin = postgres(base, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
		await admin.unsafe(`create database ${TEMPLATE_DB}`);
		const template = await openPostgres(databaseUrl(base, TEMPLATE_DB), 1);
		await template.migrate(migrations);
		await template.close();
		project.provide('pgTemplate', TEMPLATE_DB);
		project.provide('pgliteDump', null);
		return async () => {
			const leftovers = await admin<{ datname: string }[]>`
				select datname from pg_database where datname like ${RUN_PREFIX + '\\_%'}`;
			for (const { datname } of leftovers)
				await admin.unsafe(`drop database if exists ${datname} with (force)`);
			await admin.end();
		};
	}
	const handle = await openPglite();
	await handle.migrate(migrations);
	const dump = await handle.pglite!.dumpDataDir('none');
	const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'cuocthi-test-')), 'migrated.tar');
	await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
	await handle.close();
	project.provide('pgTemplate', null);
	project.provide('pgliteDump', file);
	return async () => {
		await fs.rm(path.dirname(file), { recursive: true, force: true });
	};
}
