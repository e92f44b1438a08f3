import type { KeyboardEvent } from 'react';

/** ← and → (Home, End) move between a tab list's enabled tabs and open the one reached. */
export function moveBetweenTabs(e: KeyboardEvent<HTMLElement>): void {
  const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
  const step = keys[e.key];
  if (step === undefined) return;
  const tabs = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]:not([disabled])')];
  if (tabs.length === 0) return;
  const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
  const next = step === -Infinity ? 0 : step === Infinity ? tabs.length - 1 : (Math.max(0, at) + step + tabs.length) % tabs.length;
  e.preventDefault();
  tabs[next]!.focus();
  tabs[next]!.click();
}
