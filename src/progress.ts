/**
 * Progress of long work: a bar redrawn in place on a terminal, one line per stage otherwise (logs and
 * pipes stay readable).
 */
export interface Progress {
  tick(done: number): void;
  end(note?: string): void;
}

export function progress(label: string, total: number, out: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(out.isTTY);
  const started = performance.now();
  let last = 0;
  const secs = () => ((performance.now() - started) / 1000).toFixed(1);
  return {
    tick(done) {
      if (!tty) return;
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(share * width);
      out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${secs()} s`);
    },
    end(note) {
      if (tty) out.write('\r\x1b[K');
      out.write(`${label}: ${total.toLocaleString('en')} in ${secs()} s${note ? ` (${note})` : ''}\n`);
    },
  };
}
