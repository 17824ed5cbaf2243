import { connectCustomers } from './bench/load.js';
const [url, token, n] = process.argv.slice(2);
const t0 = Date.now();
const s = await connectCustomers(url!, token!, Number(n));
console.log('connected', s.length, 'in', Date.now() - t0, 'ms');
await new Promise((r) => setTimeout(r, 600000));
