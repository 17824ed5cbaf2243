// A progress bar on stderr (stdout carries the results): one line, redrawn in place.
export class Progress {
  private done = 0;
  private last = 0;
  private readonly started = Date.now();

  constructor(private total: number, private label = 'seeding') {}

  add(n: number, what: string): void {
    this.done += n;
    const now = Date.now();
    if (now - this.last < 200 && this.done < this.total) return;
    this.last = now;
    const share = Math.min(1, this.done / this.total);
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '-');
    const sec = ((now - this.started) / 1000).toFixed(0);
    process.stderr.write(`\r${this.label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${what.padEnd(16)} ${this.done.toLocaleString('en')} rows ${sec}s   `);
  }

  end(): void {
    process.stderr.write(`\r${this.label}: ${this.done.toLocaleString('en')} rows in ${((Date.now() - this.started) / 1000).toFixed(1)} s${' '.repeat(40)}\n`);
  }
}
