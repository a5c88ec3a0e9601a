/** The time as the workflow reads it (tests move it). */
export type Clock = () => Date;

/** Structured log lines: ids and outcomes, never what people typed. */
export interface Log {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Background work taking turns: at most so many tasks at once (bot/workflow/turn-queue.ts). */
export interface Turns {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Resolves when background work may take its next step, in a gap between people's turns (bot/foreground.ts). */
export interface Steps {
  step(): Promise<void>;
}
