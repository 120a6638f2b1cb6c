/** A progress line on a terminal: done/total, rate and time left. Silent when stderr is not a TTY. */
export class Progress {
  private done = 0;
  private failed = 0;
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = Boolean(process.stderr.isTTY),
  ) {}

  tick(failed: boolean): void {
    this.done += 1;
    if (failed) this.failed += 1;
    const now = Date.now();
    if (this.done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw(now);
  }

  finish(): void {
    if (this.enabled) this.stream.write("\n");
  }

  private draw(now: number): void {
    if (!this.enabled) return;
    this.stream.write(
      `\r${formatProgress(this.done, this.total, this.failed, (now - this.started) / 1000)}\x1b[K`,
    );
  }
}

export function formatProgress(done: number, total: number, failed: number, seconds: number): string {
  const width = 24;
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : 0;
  const bad = failed > 0 ? `, ${failed} failed` : "";
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}${bad}  ${rate.toFixed(1)} photos/s  ETA ${clock(eta)}`;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
