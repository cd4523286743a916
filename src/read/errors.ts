/**
 * The errors a user can cause, each reported as one line with exit code 2 (any other error is a
 * bug: exit code 3). UsageError: the arguments or options (an unknown option, a bad value, a
 * config file's unknown key). InputError, a kind of UsageError: the input (a path that does not
 * exist, no readable document, a file changed during the run, a bad JSONL line).
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class InputError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
