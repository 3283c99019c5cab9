import { express } from "./stacks/express.js";
import { nginx } from "./stacks/nginx.js";
import type { StackGenerator, StackId } from "./types.js";

/** One generator per stack; the compiler rejects a stack id without one. */
export const STACK_GENERATORS = {
  express,
  nginx,
} as const satisfies Record<StackId, StackGenerator>;
