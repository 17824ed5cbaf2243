import './bench/relay-server.ts';
process.on('SIGUSR2', () => { (globalThis as any).gc?.(); const m = process.memoryUsage(); console.log('rss', Math.round(m.rss/1048576), 'heapUsed', Math.round(m.heapUsed/1048576), 'heapTotal', Math.round(m.heapTotal/1048576)); });
setTimeout(() => process.emit('SIGUSR2' as any), 3000);
