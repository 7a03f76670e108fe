// Preloaded into a benchmarked service with `--import` (NODE_OPTIONS does not allow --cpu-prof):
// samples the CPU from start-up and writes a .cpuprofile into $CPU_PROF_DIR on SIGUSR2.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (err, res) => {
    if (err === null && res !== undefined) writeFileSync(join(process.env.CPU_PROF_DIR ?? '.', `service-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    process.send?.({ profiled: true });
  });
});
