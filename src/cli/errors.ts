import { EXIT_USAGE } from "./exit-codes.js";

/** A problem with the user's input or usage: printed as one line, never with a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
