// The Worker bundle must stay small enough for the Workers free plan: at most 350 KiB gzipped.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT_KIB = 350;
const bytes = readFileSync('build/worker.js');
const gz = gzipSync(bytes, { level: 9 }).length / 1024;
console.log(`worker bundle: ${(bytes.length / 1024).toFixed(0)} KiB, ${gz.toFixed(1)} KiB gzipped (limit ${LIMIT_KIB} KiB)`);
process.exit(gz <= LIMIT_KIB ? 0 : 1);
