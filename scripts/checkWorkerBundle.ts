// The Worker bundle must fit the Workers free plan: at most 3 MB (3,072 KiB) compressed.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT_KIB = 3072;
const bytes = readFileSync('build/worker.js');
const gz = gzipSync(bytes, { level: 9 }).length / 1024;
console.log(`worker bundle: ${(bytes.length / 1024).toFixed(0)} KiB, ${gz.toFixed(1)} KiB gzipped (limit ${LIMIT_KIB} KiB, the Workers free plan)`);
process.exit(gz <= LIMIT_KIB ? 0 : 1);
