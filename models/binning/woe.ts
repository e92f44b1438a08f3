import type { TargetBin } from '../../types/dataset';

/**
 * WOE and IV. Convention (as optbinning): WOE = ln(%non-event / %event), so a group riskier than
 * average has negative WOE; IV = Σ (%non-event − %event) · WOE. A group with no events or no
 * non-events gets 0.5 added to both counts (Haldane–Anscombe) for its WOE and IV, so they stay
 * finite; an empty group has WOE 0 and IV 0. Counts and rates are reported unsmoothed.
 */
export function woeOf(events: number, nonEvents: number, totalEvents: number, totalNonEvents: number): number {
  if (events + nonEvents === 0 || totalEvents <= 0 || totalNonEvents <= 0) return 0;
  let e = events, ne = nonEvents;
  if (e === 0 || ne === 0) { e += 0.5; ne += 0.5; }
  return Math.log((ne / totalNonEvents) / (e / totalEvents));
}

/** The group's term of the IV sum, smoothed as `woeOf`. */
export function ivOf(events: number, nonEvents: number, totalEvents: number, totalNonEvents: number): number {
  if (events + nonEvents === 0 || totalEvents <= 0 || totalNonEvents <= 0) return 0;
  let e = events, ne = nonEvents;
  if (e === 0 || ne === 0) { e += 0.5; ne += 0.5; }
  const pe = e / totalEvents, pne = ne / totalNonEvents;
  return (pne - pe) * Math.log(pne / pe);
}

/** WOE and IV of labelled groups. */
export function woeTable(groups: { label: string; kind?: 'missing' | 'other'; events: number; nonEvents: number }[], totalEvents: number, totalNonEvents: number): { bins: TargetBin[]; iv: number } {
  let iv = 0;
  const bins = groups.map((g) => {
    const count = g.events + g.nonEvents;
    const part = ivOf(g.events, g.nonEvents, totalEvents, totalNonEvents);
    iv += part;
    return { label: g.label, ...(g.kind ? { kind: g.kind } : {}), count, events: g.events, nonEvents: g.nonEvents, eventRate: count > 0 ? g.events / count : 0, woe: woeOf(g.events, g.nonEvents, totalEvents, totalNonEvents), iv: part };
  });
  return { bins, iv };
}
