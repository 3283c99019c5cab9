/**
 * Parts of the panel loaded on demand (dynamic `import()`; vite puts each in its own chunk), so
 * opening the panel loads only the list and the diagnosis. A part is loaded once and remembered;
 * while it loads its place says so, and a failed load says what to do instead of leaving a gap.
 */

import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

export interface OnDemand<T> {
  /** What the part is, for the loading and failure messages ("the fix suggestions"). */
  readonly what: string;
  /** The module once loaded; null before. */
  readonly loaded: T | null;
  /** Loads the module (once; a failed load is tried again on the next call). */
  load(): Promise<T>;
}

export function onDemand<T>(what: string, importer: () => Promise<T>): OnDemand<T> {
  let loaded: T | null = null;
  let pending: Promise<T> | null = null;
  return {
    what,
    get loaded() {
      return loaded;
    },
    load() {
      pending ??= importer().then(
        (module) => {
          loaded = module;
          return module;
        },
        (error: unknown) => {
          pending = null;
          throw error;
        },
      );
      return pending;
    },
  };
}

/** The message for a part that could not be loaded: what failed and what to do. */
export function loadFailedMessage(part: OnDemand<unknown>, error: unknown): string {
  const reason = error instanceof Error && error.message ? ` (${error.message})` : "";
  return `${capitalize(part.what)} could not be loaded${reason}. If CORS Doctor was just updated or reloaded, close and reopen DevTools.`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export type LoadState<T> =
  | { readonly kind: "loading" }
  | { readonly kind: "ready"; readonly module: T }
  | { readonly kind: "failed"; readonly message: string; readonly retry: () => void };

/** Starts loading `part` when the calling component mounts and re-renders when it is ready. */
export function useOnDemand<T>(part: OnDemand<T>): LoadState<T> {
  const [failure, setFailure] = useState<{ message: string } | null>(null);
  const [, setReady] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // `attempt` changes on "Try again" and runs the load once more.
  useEffect(() => {
    if (part.loaded !== null) return;
    let live = true;
    part.load().then(
      () => {
        if (live) setReady(true);
      },
      (error: unknown) => {
        if (live) setFailure({ message: loadFailedMessage(part, error) });
      },
    );
    return () => {
      live = false;
    };
  }, [part, attempt]);
  const module = part.loaded;
  if (module !== null) return { kind: "ready", module };
  if (failure)
    return {
      kind: "failed",
      message: failure.message,
      retry: () => {
        setFailure(null);
        setAttempt((n) => n + 1);
      },
    };
  return { kind: "loading" };
}

/**
 * Renders `children(module)` once `part` has loaded; until then the part's heading (when given)
 * and a loading line, or the failure with a retry button.
 */
export function OnDemandPart<T>({
  part,
  heading,
  class: className,
  children,
}: {
  part: OnDemand<T>;
  heading?: string;
  /** Extra class for the placeholder, so it takes the part's place in the layout. */
  class?: string;
  children: (module: T) => ComponentChildren;
}) {
  const state = useOnDemand(part);
  if (state.kind === "ready") return <>{children(state.module)}</>;
  return (
    <div class={className ? `on-demand ${className}` : "on-demand"} data-testid="on-demand" data-state={state.kind}>
      {heading ? <h3>{heading}</h3> : null}
      {state.kind === "loading" ? (
        <p class="note" role="status">
          Loading {part.what}…
        </p>
      ) : (
        <p class="error-text" role="alert" data-testid="load-failed">
          {state.message}{" "}
          <button type="button" onClick={state.retry}>
            Try again
          </button>
        </p>
      )}
    </div>
  );
}
