import { Presets, SingleBar } from 'cli-progress';
import type { Progress } from '@praxis/platform';

/** A terminal progress bar for seeding; plain log lines when output is not a terminal. */
export function progressBar(): Progress {
  let bar: SingleBar | undefined;
  let label = '';
  let done = 0;
  let total = 0;
  const tty = Boolean(process.stdout.isTTY);
  return {
    start(name, count) {
      label = name;
      done = 0;
      total = count;
      if (tty) {
        bar = new SingleBar({ format: `${name.padEnd(20)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true }, Presets.shades_classic);
        bar.start(count, 0);
      } else {
        process.stdout.write(`${name}: 0/${count}\n`);
      }
    },
    increment(by = 1) {
      done += by;
      if (bar) bar.increment(by);
      else if (total > 0 && Math.floor(((done - by) / total) * 10) !== Math.floor((done / total) * 10)) process.stdout.write(`${label}: ${done}/${total}\n`);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
