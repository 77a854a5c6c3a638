import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A task run every few seconds through Nest's SchedulerRegistry (the interval comes from the
 * configuration, so it cannot be a decorator's constant). A run that fails is logged and the next
 * one still comes; a tick that finds the previous run still going is skipped, so a slow database
 * never piles runs up.
 */
export class PeriodicTask {
  private running?: Promise<void>;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly name: string,
    private readonly logger: Logger,
    private readonly task: () => Promise<void>,
  ) {}

  /** Runs the task every `seconds`; 0 leaves it off. */
  start(seconds: number): void {
    if (seconds <= 0) return;
    const timer = setInterval(() => void this.run(), seconds * 1000);
    this.registry.addInterval(this.name, timer);
  }

  /** One run now, or the one already under way. Never rejects. */
  run(): Promise<void> {
    this.running ??= this.task()
      .catch((error: unknown) =>
        this.logger.error(`${this.name} failed: ${(error as Error).message ?? String(error)}`),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Ends the schedule and waits for a run under way, so the database is not closed beneath it. */
  async stop(): Promise<void> {
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    await this.running;
  }
}
