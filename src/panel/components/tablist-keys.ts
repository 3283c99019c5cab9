/**
 * Arrow keys in a tablist (WAI-ARIA Authoring Practices, tabs with automatic activation): Left/Right
 * move to the previous/next tab and select it, Home/End to the first/last. Only the selected tab is
 * in the Tab order (tabIndex 0, the others -1), so Tab goes past a long list of tabs in one step.
 * Tabs are found by `data-stack`-like attribute `key` inside the tablist.
 */
export function onTablistKeyDown<T extends string>(
  event: KeyboardEvent,
  ids: readonly T[],
  current: T,
  select: (id: T) => void,
  key = "data-stack",
): void {
  const at = ids.indexOf(current);
  const last = ids.length - 1;
  const next: Record<string, number> = {
    ArrowRight: at >= last ? 0 : at + 1,
    ArrowLeft: at <= 0 ? last : at - 1,
    Home: 0,
    End: last,
  };
  const index = next[event.key];
  const id = index === undefined ? undefined : ids[index];
  if (id === undefined) return;
  event.preventDefault();
  select(id);
  const tablist = event.currentTarget as HTMLElement;
  tablist.querySelector<HTMLElement>(`[${key}="${id}"]`)?.focus();
}
