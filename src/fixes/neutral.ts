/**
 * The stack-neutral fix: the exact response headers the server must send, for the preflight and
 * for the actual response. What every surface leads with when the stack is not recognised.
 */

import { allowsAnyOrigin, list } from "./snippet.js";
import type { FixPlan } from "./types.js";

export interface NeutralHeader {
  readonly name: string;
  readonly value: string;
  /**
   * For Access-Control-Allow-Origin with several origins: send the request's Origin only when it
   * is one of these, and no header otherwise (never whatever Origin says).
   */
  readonly oneOf?: readonly string[];
}

export interface NeutralFix {
  /** Null when the requests are not preflighted. */
  readonly preflight: readonly NeutralHeader[] | null;
  /** On every actual response, errors (4xx/5xx) included. */
  readonly actual: readonly NeutralHeader[];
}

export function neutralFix({ policy, needs }: FixPlan): NeutralFix {
  const origin: NeutralHeader =
    policy.origins.length > 1
      ? { name: "Access-Control-Allow-Origin", value: "<the request's Origin>", oneOf: policy.origins }
      : { name: "Access-Control-Allow-Origin", value: policy.origins[0] ?? "" };
  const credentials = policy.credentials ? [{ name: "Access-Control-Allow-Credentials", value: "true" }] : [];
  const vary = allowsAnyOrigin(policy.origins) ? [] : [{ name: "Vary", value: "Origin" }];
  const actual = [
    origin,
    ...credentials,
    ...(policy.exposeHeaders.length > 0
      ? [{ name: "Access-Control-Expose-Headers", value: list(policy.exposeHeaders) }]
      : []),
    ...vary,
  ];
  const preflight = needs.preflight
    ? [
        origin,
        ...credentials,
        { name: "Access-Control-Allow-Methods", value: list(policy.methods) },
        ...(policy.headers.length > 0 ? [{ name: "Access-Control-Allow-Headers", value: list(policy.headers) }] : []),
        { name: "Access-Control-Max-Age", value: String(policy.maxAge) },
        ...vary,
      ]
    : null;
  return { preflight, actual };
}
