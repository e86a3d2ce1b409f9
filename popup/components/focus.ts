/** Arrow-key movement through a list of buttons, shared by the result, page and timeline lists. */

/**
 * Moves focus among the `selector` elements inside `container` for ArrowUp / ArrowDown / Home / End.
 * Returns 'before-first' when ArrowUp is pressed on the first one (the caller may hand focus back to the
 * search box), 'moved' when it moved focus, and undefined for any other key.
 */
export function moveFocus(e: KeyboardEvent, container: HTMLElement, selector: string): 'moved' | 'before-first' | undefined {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) || e.altKey || e.ctrlKey || e.metaKey) return undefined;
  const items = [...container.querySelectorAll<HTMLElement>(selector)];
  if (!items.length) return undefined;
  const at = items.indexOf(e.target as HTMLElement);
  if (at < 0) return undefined;
  e.preventDefault();
  if (e.key === 'ArrowUp' && at === 0) return 'before-first';
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : e.key === 'ArrowDown' ? Math.min(at + 1, items.length - 1) : at - 1;
  items[next].focus();
  return 'moved';
}
