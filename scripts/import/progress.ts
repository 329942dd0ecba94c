/**
 * A progress bar on stderr, so stdout stays clean for the summary. On a terminal it redraws one
 * line; elsewhere (CI logs, pipes) it prints a line every few seconds instead.
 */
export class Progress {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, records: number, bad: number, force = false): void {
    const now = Date.now();
    const interval = this.stream.isTTY ? 100 : 5000;
    if (!force && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : 0;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${records} records  ${bad} bad  ${rate}/s`;
    this.stream.write(this.stream.isTTY ? `\r${line}` : `${line}\n`);
  }

  finish(done: number, records: number, bad: number): void {
    this.update(done, records, bad, true);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
