import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Sample this process's CPU between `start()` and `stop(file)` (V8 `.cpuprofile` JSON). */
export class InProcessProfiler {
  private session: Session | undefined;

  async start(samplingIntervalUs = 100): Promise<void> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await session.post('Profiler.start');
    this.session = session;
  }

  async stop(file: string): Promise<void> {
    const session = this.session;
    if (session === undefined) throw new Error('the profiler was not started');
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    this.session = undefined;
  }
}
