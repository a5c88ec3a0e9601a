/** What an officer's use case answers: the value, or why not in words to show them. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };
