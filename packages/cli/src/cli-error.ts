/** A usage or input problem: printed as one line, exit code 2 (1 is reserved for "ran, found problems"). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

const PROJECT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function checkProjectId(value: string): string {
  if (!PROJECT_ID.test(value)) {
    throw new CliError(
      `invalid project "${value}": use 1-64 lowercase letters, digits, _ or -, starting with a letter or digit`,
    );
  }
  return value;
}
