/**
 * What a stack file uses to declare itself: `defineStack` (keeps the id a literal, so the registry
 * can derive the StackId union) and the matchers its detection rules are made of.
 */

import { getHeader, getHeaderValues } from "../engine/fetch/header-list.js";
import type { DetectionRule, StackGenerator } from "./types.js";

/** Declares a stack: one file in stacks/, listed once in registry.ts. */
export function defineStack<const Id extends string>(stack: StackGenerator<Id>): StackGenerator<Id> {
  return stack;
}

type Match = DetectionRule["match"];

/** A header named `name` whose value matches `pattern`. */
export function headerMatches(name: string, pattern: RegExp): Match {
  return (headers) => {
    for (const value of getHeaderValues(headers, name)) if (pattern.test(value)) return `${name}: ${value}`;
    return null;
  };
}

/** Any header named `name`. */
export function headerPresent(name: string): Match {
  return (headers) => {
    const value = getHeader(headers, name);
    return value === null ? null : `${name}: ${value}`;
  };
}

/** A cookie set under a name matching `pattern` (its value is left out of the evidence). */
export function cookieNamed(pattern: RegExp): Match {
  return (headers) => {
    for (const value of getHeaderValues(headers, "Set-Cookie")) {
      const name = value.split("=")[0]?.trim() ?? "";
      if (pattern.test(name)) return `Set-Cookie: ${name}=…`;
    }
    return null;
  };
}
