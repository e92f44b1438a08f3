import { useEffect, useRef } from 'react';

/** Loads plotly on first use (it is large) — the only place the renderer imports it. */
async function plotly() {
  return (await import('plotly.js-dist-min')).default;
}

/** The charts' font: the system UI font with Chinese fallbacks. */
const CHART_FONT = { family: 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif', size: 11, color: '#334155' };
// Not plotly's own 'responsive' (a window listener that rejects on hidden charts): the chart follows its container (useFitToContainer).
const CONFIG = { displayModeBar: false };

/** Redraws the chart at its container's width whenever the container changes size (a panel, not only the window). */
function useFitToContainer(el: { current: HTMLDivElement | null }) {
  useEffect(() => {
    const div = el.current;
    if (!div || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // A hidden chart (a closed tab, a collapsed panel) has nothing to fit; it is fitted when shown.
        if (!div.isConnected || div.clientWidth === 0 || !div.querySelector('.main-svg')) return;
        void plotly().then((P) => P.Plots.resize(div)).catch(() => undefined);
      });
    });
    observer.observe(div);
    return () => { cancelAnimationFrame(frame); observer.disconnect(); };
  }, [el]);
}

/**
 * Draws a plotly chart into the returned element whenever `deps` change: the house font and a
 * transparent background under the chart's own layout; a draw that finishes after the component
 * moved on is dropped.
 */
export function usePlot(build: () => { data: unknown[]; layout: Record<string, unknown> }, deps: unknown[]) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const div = el.current;
    if (!div) return;
    let cancelled = false;
    const { data, layout } = build();
    void plotly().then((P) => { if (!cancelled) void P.react(div, data, { font: CHART_FONT, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', ...layout }, CONFIG); });
    return () => { cancelled = true; };
  }, deps);
  useFitToContainer(el);
  return el;
}
