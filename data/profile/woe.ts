import type { TargetBin } from '../../types/dataset';

/**
 * WOE and IV of groups. Convention (as optbinning): WOE = ln(%non-event / %event), so a group
 * riskier than average has negative WOE; IV = Σ (%non-event − %event) · WOE. A group with no
 * events or no non-events gets 0.5 added to both counts (Haldane–Anscombe) for its WOE and IV, so
 * they stay finite; counts and rates are reported unsmoothed.
 */
export function woeTable(groups: { label: string; events: number; nonEvents: number }[], totalEvents: number, totalNonEvents: number): { bins: TargetBin[]; iv: number } {
  let iv = 0;
  const bins = groups.map((g) => {
    const count = g.events + g.nonEvents;
    let e = g.events, ne = g.nonEvents;
    if (count > 0 && (e === 0 || ne === 0)) { e += 0.5; ne += 0.5; }
    let woe = 0, part = 0;
    if (count > 0 && totalEvents > 0 && totalNonEvents > 0) {
      const pe = e / totalEvents;
      const pne = ne / totalNonEvents;
      woe = Math.log(pne / pe);
      part = (pne - pe) * woe;
    }
    iv += part;
    return { label: g.label, count, events: g.events, nonEvents: g.nonEvents, eventRate: count > 0 ? g.events / count : 0, woe, iv: part };
  });
  return { bins, iv };
}
