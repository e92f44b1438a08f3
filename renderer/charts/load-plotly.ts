/** Loads plotly on first use (it is large) — the only place the renderer imports it. */
export async function plotly() {
  return (await import('plotly.js-dist-min')).default;
}

/** The charts' font: the system UI font with Chinese fallbacks. */
export const CHART_FONT = { family: 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif', size: 11, color: '#334155' };
