import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Browser tests run Debian's Chromium: `playwright install` downloads a browser, which cannot work here.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
	throw new Error(
		`Chromium not found at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH to its binary`
	);
}

const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;
const reportDir = process.env.TEST_REPORT_DIR;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: 0,
	workers: 2,
	timeout: 30_000,
	reporter: reportDir
		? [['list'], ['json', { outputFile: path.resolve(reportDir, 'playwright.json') }]]
		: 'list',
	use: {
		baseURL,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{
			name: 'desktop',
			testIgnore: [/phone\.spec\.ts$/, /fuzz\.spec\.ts$/],
			use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } }
		},
		{
			name: 'phone',
			testMatch: /phone\.spec\.ts$/,
			use: {
				browserName: 'chromium',
				viewport: { width: 360, height: 740 },
				deviceScaleFactor: 2,
				isMobile: true,
				hasTouch: true
			}
		},
		// the fuzzer runs last: its requests may change the demo data the other tests rely on
		{
			name: 'fuzz',
			testMatch: /fuzz\.spec\.ts$/,
			dependencies: ['desktop', 'phone'],
			use: { browserName: 'chromium' }
		}
	],
	// A fresh production build on a fresh database each run (see tests/e2e/serve.js).
	// E2E_SKIP_BUILD=1 reuses the existing build/ for a quicker local rerun.
	webServer: {
		command: 'node tests/e2e/serve.js',
		url: `${baseURL}/`,
		// one JSON line per request would bury the test report: only warnings and errors
		env: { E2E_PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
		reuseExistingServer: !process.env.CI,
		timeout: 180_000,
		stdout: 'pipe',
		stderr: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 }
	}
});
