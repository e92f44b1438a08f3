import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DatasetDetail, RowWindow } from '../../types/dataset';
import type { FilterOp, RowView } from '../../service/contract';
import { useClient } from '../client/context';
import { useI18n } from '../i18n/I18nContext';

const ROW_H = 26;
const COL_W = 140;
const MIN_COL_W = 48;
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
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const cache = useRef(new Map<string, RowWindow | 'loading'>());
  const [, setVersion] = useState(0);
  const [view, setView] = useState({ top: 0, left: 0, width: 800, height: 600 });
  const [rowView, setRowView] = useState<RowView>(dataset.format === 'join' ? { matchedFirst: true } : {});
  const [total, setTotal] = useState(dataset.rows);
  const [widths, setWidths] = useState<Record<string, number>>({});

  useEffect(() => { setRowView(dataset.format === 'join' ? { matchedFirst: true } : {}); setWidths({}); }, [dataset.name, workspace, dataset.format]);
  useEffect(() => { cache.current.clear(); setTotal(rowView.filter ? 0 : dataset.rows); setVersion((v) => v + 1); }, [dataset.name, dataset.rows, workspace, rowView]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView((v) => ({ ...v, width: el.clientWidth, height: el.clientHeight }));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const cols = dataset.columns;
  // Column x offsets (prefix sums of their widths) for variable widths.
  const lefts = new Array<number>(cols.length + 1);
  lefts[0] = 0;
  for (let c = 0; c < cols.length; c++) lefts[c + 1] = lefts[c]! + (widths[cols[c]!.name] ?? COL_W);
  const colAt = (x: number) => { let lo = 0, hi = cols.length; while (lo < hi) { const mid = (lo + hi) >>> 1; if (lefts[mid + 1]! <= x) lo = mid + 1; else hi = mid; } return lo; };
  const rows = total;
  const bodyH = Math.max(0, view.height - HEAD_H);
  const visibleRows = Math.ceil(bodyH / ROW_H) + 1;
  const naturalH = rows * ROW_H;
  const scrollH = Math.min(naturalH, MAX_SCROLL_HEIGHT);
  const maxScroll = Math.max(1, scrollH - bodyH);
  const exactTop = naturalH <= MAX_SCROLL_HEIGHT ? view.top : (view.top / maxScroll) * Math.max(0, naturalH - bodyH);
  const firstRow = Math.max(0, Math.floor(exactTop / ROW_H));
  const frac = exactTop - firstRow * ROW_H;
  const lastRow = Math.min(rows, firstRow + visibleRows);
  const firstCol = Math.min(cols.length, colAt(view.left));
  const lastCol = Math.min(cols.length, colAt(view.left + view.width - INDEX_W) + 1);

  const fetchBlock = useCallback((page: number, block: number) => {
    const key = `${page}:${block}`;
    if (cache.current.has(key)) return;
    cache.current.set(key, 'loading');
    const names = cols.slice(block * BLOCK_COLS, (block + 1) * BLOCK_COLS).map((c) => c.name);
    void client.call('datasets.rows', { workspace, dataset: dataset.name, offset: page * PAGE_ROWS, limit: PAGE_ROWS, columns: names, view: rowView }).then(
      (w) => { cache.current.set(key, w); setTotal(w.total); setVersion((v) => v + 1); },
      () => cache.current.delete(key),
    );
  }, [client, workspace, dataset.name, cols, rowView]);

  const pages = [Math.floor(firstRow / PAGE_ROWS), Math.floor(Math.max(firstRow, lastRow - 1) / PAGE_ROWS)];
  const blocks = [Math.floor(firstCol / BLOCK_COLS), Math.floor(Math.max(firstCol, lastCol - 1) / BLOCK_COLS)];
  useEffect(() => {
    // A filtered view learns its size from its first page.
    if (rowView.filter && !cache.current.has('0:0')) fetchBlock(0, 0);
    for (let p = pages[0]!; p <= pages[1]!; p++) for (let b = blocks[0]!; b <= blocks[1]!; b++) fetchBlock(p, b);
  });

  const windowOf = (r: number, c: number) => {
    const w = cache.current.get(`${Math.floor(r / PAGE_ROWS)}:${Math.floor(c / BLOCK_COLS)}`);
    return !w || w === 'loading' ? null : w;
  };
  const cell = (r: number, c: number): string | number | null | undefined => windowOf(r, c)?.values[c % BLOCK_COLS]?.[r % PAGE_ROWS];
  const rowNumber = (r: number) => { const w = windowOf(r, firstCol); return w?.rowNumbers ? w.rowNumbers[r % PAGE_ROWS] : r; };

  const rowEls = [];
  for (let r = firstRow; r < lastRow; r++) {
    const y = HEAD_H + (r - firstRow) * ROW_H - frac;
    const cells = [];
    for (let c = firstCol; c < lastCol; c++) {
      const v = cell(r, c);
      const info = cols[c]!;
      const numeric = info.storage === 'f64' && info.type !== 'date';
      cells.push(
        <div key={c} className={`cell${v === null ? ' missing' : ''}${numeric ? ' num' : ''}${info.name === selectedColumn ? ' selected' : ''}`} style={{ left: INDEX_W + lefts[c]! - view.left, width: lefts[c + 1]! - lefts[c]! }}>
          {v === undefined ? '' : v === null ? '∅' : typeof v === 'number' ? formatNumber(v) : v}
        </div>,
      );
    }
    const n = rowNumber(r);
    rowEls.push(
      <div key={r} className="grid-row" style={{ top: y, height: ROW_H }}>
        <div className="cell index" style={{ width: INDEX_W }}>{n === undefined ? '' : (n + 1).toLocaleString()}</div>
        {cells}
      </div>,
    );
  }
  const sortOf = (name: string) => (rowView.sort?.column === name ? (rowView.sort.descending ? 'desc' : 'asc') : null);
  const cycleSort = (name: string) => {
    const now = sortOf(name);
    const { sort: _s, ...rest } = rowView;
    setRowView(now === null ? { ...rest, sort: { column: name } } : now === 'asc' ? { ...rest, sort: { column: name, descending: true } } : rest);
    if (scroller.current) scroller.current.scrollTop = 0;
  };
  const startResize = (name: string, e: React.PointerEvent) => {
    e.preventDefault(); e.stopPropagation();
    const x0 = e.clientX, w0 = widths[name] ?? COL_W;
    const move = (m: PointerEvent) => setWidths((w) => ({ ...w, [name]: Math.max(MIN_COL_W, w0 + m.clientX - x0) }));
    const up = () => { window.removeEventListener('pointermove', move); window.removeEventListener('pointerup', up); };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const heads = [];
  for (let c = firstCol; c < lastCol; c++) {
    const info = cols[c]!;
    const sorted = sortOf(info.name);
    heads.push(
      <div key={c} className={`head-cell${info.name === selectedColumn ? ' selected' : ''}`} style={{ left: INDEX_W + lefts[c]! - view.left, width: lefts[c + 1]! - lefts[c]! }}>
        <button className="head-name" onClick={() => onSelectColumn(info.name)} title={t('grid.header', { name: info.name, type: t(`type.${info.type}`), role: t(`role.${info.role}`), party: info.party })}><span className={`type-dot t-${info.type}`} />{info.name}</button>
        <button className={`head-sort${sorted ? ' on' : ''}`} aria-label={t('grid.sortBy', { column: info.name })} title={t(sorted === 'asc' ? 'grid.sortedAsc' : sorted === 'desc' ? 'grid.sortedDesc' : 'grid.sortNone')} onClick={() => cycleSort(info.name)}>{sorted === 'desc' ? '▼' : sorted === 'asc' ? '▲' : '↕'}</button>
        <span className="head-resize" role="separator" aria-label={t('grid.resize', { column: info.name })} onPointerDown={(e) => startResize(info.name, e)} onDoubleClick={() => setWidths((w) => { const { [info.name]: _x, ...rest } = w; return rest; })} />
      </div>,
    );
  }

  // Focusing a header button off screen scrolls the overflow-hidden layer itself: hand the scroll to the grid.
  const keepLayerStill = (e: React.UIEvent<HTMLDivElement>) => {
    const layer = e.currentTarget, grid = scroller.current;
    if (!grid || (layer.scrollLeft === 0 && layer.scrollTop === 0)) return;
    grid.scrollLeft += layer.scrollLeft;
    layer.scrollLeft = 0;
    layer.scrollTop = 0;
  };
  return (
    <div className="grid-box">
      <GridFilterBar dataset={dataset} view={rowView} total={total} onChange={(v) => { setRowView(v); if (scroller.current) scroller.current.scrollTop = 0; }} />
      <div className="grid" ref={scroller} onScroll={(e) => { const t = e.currentTarget; setView((v) => ({ ...v, top: t.scrollTop, left: t.scrollLeft })); }} data-testid="data-grid">
        <div style={{ height: scrollH + HEAD_H, width: INDEX_W + lefts[cols.length]! }} />
        <div className="grid-layer" style={{ top: view.top, left: view.left, width: view.width, height: view.height }} onScroll={keepLayerStill}>
          {rowEls}
          <div className="grid-head" style={{ height: HEAD_H }}>
            <div className="head-cell index" style={{ width: INDEX_W }}>#</div>
            {heads}
          </div>
        </div>
      </div>
    </div>
  );
}

const OPS: FilterOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'missing', 'present'];
/** Comparisons read the same in every language. */
const SYMBOLS: Partial<Record<FilterOp, string>> = { eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥' };

/** Above the grid: one filter (column, operator, value), the count that passes, and a join's matched-first order. */
function GridFilterBar({ dataset, view, total, onChange }: { dataset: DatasetDetail; view: RowView; total: number; onChange: (v: RowView) => void }) {
  const { t } = useI18n();
  const [column, setColumn] = useState(view.filter?.column ?? dataset.columns[0]?.name ?? '');
  const [op, setOp] = useState<FilterOp>(view.filter?.op ?? 'eq');
  const [value, setValue] = useState(view.filter?.value === undefined ? '' : String(view.filter.value));
  const needsValue = op !== 'missing' && op !== 'present';
  const apply = () => onChange({ ...view, filter: { column, op, ...(needsValue ? { value } : {}) } });
  const { filter: _f, ...unfiltered } = view;
  return (
    <div className="grid-filter row wrap">
      <span className="muted small">{t('grid.filter')}</span>
      <select aria-label={t('grid.filterColumn')} value={column} onChange={(e) => setColumn(e.target.value)}>{dataset.columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}</select>
      <select aria-label={t('grid.filterOperator')} value={op} onChange={(e) => setOp(e.target.value as FilterOp)}>{OPS.map((k) => <option key={k} value={k}>{k === 'contains' || k === 'missing' || k === 'present' ? t(`grid.op.${k}`) : SYMBOLS[k]}</option>)}</select>
      {needsValue && <input aria-label={t('grid.filterValue')} size={12} value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') apply(); }} />}
      <button className="small" onClick={apply} disabled={needsValue && value.trim() === ''}>{t('grid.apply')}</button>
      {view.filter && <button className="small ghost" onClick={() => onChange(unfiltered)}>{t('grid.clearFilter')}</button>}
      {dataset.format === 'join' && <label className="field inline small"><input type="checkbox" checked={view.matchedFirst === true} onChange={(e) => onChange({ ...view, matchedFirst: e.target.checked })} /><span>{t('grid.matchedFirst')}</span></label>}
      <span className="muted small" data-testid="grid-count">{view.filter ? t('grid.rowsPass', { pass: total, rows: dataset.rows }) : t('grid.rows', { rows: dataset.rows })}{view.sort ? t(view.sort.descending ? 'grid.sortedByDesc' : 'grid.sortedBy', { column: view.sort.column }) : ''}</span>
    </div>
  );
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(8)));
}
