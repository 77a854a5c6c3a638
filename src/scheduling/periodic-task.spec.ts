import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicTask } from './periodic-task.js';

describe('PeriodicTask', () => {
  let registry: SchedulerRegistry;
  let logger: Logger;
  let errors: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    registry = new SchedulerRegistry();
    logger = new Logger('test');
    errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    for (const name of registry.getIntervals()) registry.deleteInterval(name);
    jest.useRealTimers();
  });

  it('runs the task every interval, registered under its name', async () => {
    const task = jest.fn(() => Promise.resolve());
    new PeriodicTask(registry, 'job', logger, task).start(10);
    expect(registry.getIntervals()).toEqual(['job']);
    await jest.advanceTimersByTimeAsync(25_000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('stays off with an interval of 0', () => {
    new PeriodicTask(registry, 'job', logger, () => Promise.resolve()).start(0);
    expect(registry.getIntervals()).toEqual([]);
  });

  it('logs a failed run and still makes the next one', async () => {
    const task = jest
      .fn(() => Promise.resolve())
      .mockRejectedValueOnce(new Error('connection lost'));
    new PeriodicTask(registry, 'job', logger, task).start(1);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(task).toHaveBeenCalledTimes(2);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors).toHaveBeenCalledWith('job failed: connection lost');
  });

  it('skips a tick while the previous run is still going', async () => {
    let finish = () => {};
    const task = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    new PeriodicTask(registry, 'job', logger, task).start(1);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(task).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('stop() ends the schedule and waits for the run under way', async () => {
    let finish = () => {};
    const task = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const periodic = new PeriodicTask(registry, 'job', logger, task);
    periodic.start(1);
    await jest.advanceTimersByTimeAsync(1_000);
    let stopped = false;
    const stopping = periodic.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    expect(registry.getIntervals()).toEqual([]);
    finish();
    await stopping;
    expect(task).toHaveBeenCalledTimes(1);
  });
});
