import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DatasetDetail, RowWindow } from '../../types/dataset';
import { useClient } from '../client/context';

const ROW_H = 26;
const COL_W = 140;
const INDEX_W = 76;
const HEAD_H = 30;
const PAGE_ROWS = 256;
const BLOCK_COLS = 24;
/** Browsers cap element heights near 33M px; past this the scrollbar maps proportionally onto rows. */
const MAX_SCROLL_HEIGHT = 12_000_000;

interface Props {
  workspace: string;
  dataset: DatasetDetail;
  selectedColumn: string | null;
  onSelectColumn: (name: string) => void;
}

/**
 * A virtualized grid over a columnar dataset: it draws only the cells in view and fetches rows in
 * pages of 256 × 24 columns, so a million rows scroll as smoothly as a hundred.
 */
export function DataGrid({ workspace, dataset, selectedColumn, onSelectColumn }: Props) {
  const client = useClient();
  const scroller = useRef<HTMLDivElement>(null);
  const cache = useRef(new Map<string, RowWindow | 'loading'>());
  const [, setVersion] = useState(0);
  const [view, setView] = useState({ top: 0, left: 0, width: 800, height: 600 });

  useEffect(() => { cache.current.clear(); setVersion((v) => v + 1); }, [dataset.name, dataset.rows, workspace]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView((v) => ({ ...v, width: el.clientWidth, height: el.clientHeight }));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const rows = dataset.rows;
  const cols = dataset.columns;
  const bodyH = Math.max(0, view.height - HEAD_H);
  const visibleRows = Math.ceil(bodyH / ROW_H) + 1;
  const naturalH = rows * ROW_H;
  const scrollH = Math.min(naturalH, MAX_SCROLL_HEIGHT);
  const maxScroll = Math.max(1, scrollH - bodyH);
  const exactTop = naturalH <= MAX_SCROLL_HEIGHT ? view.top : (view.top / maxScroll) * Math.max(0, naturalH - bodyH);
  const firstRow = Math.max(0, Math.floor(exactTop / ROW_H));
  const frac = exactTop - firstRow * ROW_H;
  const lastRow = Math.min(rows, firstRow + visibleRows);
  const firstCol = Math.max(0, Math.floor(view.left / COL_W));
  const lastCol = Math.min(cols.length, Math.ceil((view.left + view.width - INDEX_W) / COL_W) + 1);

  const fetchBlock = useCallback((page: number, block: number) => {
    const key = `${page}:${block}`;
    if (cache.current.has(key)) return;
    cache.current.set(key, 'loading');
    const names = cols.slice(block * BLOCK_COLS, (block + 1) * BLOCK_COLS).map((c) => c.name);
    void client.call('datasets.rows', { workspace, dataset: dataset.name, offset: page * PAGE_ROWS, limit: PAGE_ROWS, columns: names }).then(
      (w) => { cache.current.set(key, w); setVersion((v) => v + 1); },
      () => cache.current.delete(key),
    );
  }, [client, workspace, dataset.name, cols]);

  const pages = [Math.floor(firstRow / PAGE_ROWS), Math.floor(Math.max(firstRow, lastRow - 1) / PAGE_ROWS)];
  const blocks = [Math.floor(firstCol / BLOCK_COLS), Math.floor(Math.max(firstCol, lastCol - 1) / BLOCK_COLS)];
  useEffect(() => {
    for (let p = pages[0]!; p <= pages[1]!; p++) for (let b = blocks[0]!; b <= blocks[1]!; b++) fetchBlock(p, b);
  });

  const cell = (r: number, c: number): string | number | null | undefined => {
    const w = cache.current.get(`${Math.floor(r / PAGE_ROWS)}:${Math.floor(c / BLOCK_COLS)}`);
    if (!w || w === 'loading') return undefined;
    return w.values[c % BLOCK_COLS]?.[r % PAGE_ROWS];
  };

  const rowEls = [];
  for (let r = firstRow; r < lastRow; r++) {
    const y = HEAD_H + (r - firstRow) * ROW_H - frac;
    const cells = [];
    for (let c = firstCol; c < lastCol; c++) {
      const v = cell(r, c);
      const info = cols[c]!;
      const numeric = info.storage === 'f64' && info.type !== 'date';
      cells.push(
        <div key={c} className={`cell${v === null ? ' missing' : ''}${numeric ? ' num' : ''}${info.name === selectedColumn ? ' selected' : ''}`} style={{ left: INDEX_W + c * COL_W - view.left, width: COL_W }}>
          {v === undefined ? '' : v === null ? '∅' : typeof v === 'number' ? formatNumber(v) : v}
        </div>,
      );
    }
    rowEls.push(
      <div key={r} className="grid-row" style={{ top: y, height: ROW_H }}>
        <div className="cell index" style={{ width: INDEX_W }}>{(r + 1).toLocaleString()}</div>
        {cells}
      </div>,
    );
  }
  const heads = [];
  for (let c = firstCol; c < lastCol; c++) {
    const info = cols[c]!;
    heads.push(
      <button key={c} className={`head-cell${info.name === selectedColumn ? ' selected' : ''}`} style={{ left: INDEX_W + c * COL_W - view.left, width: COL_W }} onClick={() => onSelectColumn(info.name)} title={`${info.name} · ${info.type} · ${info.role} · from the ${info.party}`}>
        <span className={`type-dot t-${info.type}`} />{info.name}
      </button>,
    );
  }

  return (
    <div className="grid" ref={scroller} onScroll={(e) => { const t = e.currentTarget; setView((v) => ({ ...v, top: t.scrollTop, left: t.scrollLeft })); }} data-testid="data-grid">
      <div style={{ height: scrollH + HEAD_H, width: INDEX_W + cols.length * COL_W }} />
      <div className="grid-layer" style={{ top: view.top, left: view.left, width: view.width, height: view.height }}>
        {rowEls}
        <div className="grid-head" style={{ height: HEAD_H }}>
          <div className="head-cell index" style={{ width: INDEX_W }}>#</div>
          {heads}
        </div>
      </div>
    </div>
  );
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(8)));
}
