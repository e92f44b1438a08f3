import type { ColumnRole, ColumnSpec, ColumnType } from '../../types/columns';
import { isMissingText, numberParse, parseDate, parseNumberText, PARSE_OK } from './parse-value';

const KEY_NAME = /(^|[_\s-]|[\u4e00-\u9fff])(id|key|uid|uuid|hash|md5|sha256|imei|oaid|idfa|caid)$|^(id|key|uid)([_\s-]|$)|_id_|(编号|标识|主键)$/i;
const DATE_NAME = /(date|dt|day|month|time|period|日期|时间|月份)$/i;
const TARGET_NAME = /^(bad|target|label|y|default|is_bad|bad_flag|creditability|flag_bad|def|overdue|dpd30|是否逾期|逾期|是否违约|违约|坏客户|好坏|标签)$/i;
/**
 * Columns recorded after the decision a model is for: funnel stages (applied, prescreen passed,
 * approved, drew down, repurchased), the credit line granted, days past due. Binary or numeric,
 * they are outcomes, never inputs by default.
 */
const OUTCOME_NAME = /^(is_|if_|flag_|has_)?(appl(y|ied|ication)|applied_flag|prescreen(ed)?(_pass(ed)?)?|pre_?approv(e|ed|al)|approv(e|ed|al)|drew(_down)?|draw_?down|drawn|disburs(e|ed|al)|loan_issued|repurchas(e|ed)|reached|ad_reached|是否触达|触达|re_?loan|credit_line|credit_limit|granted_limit|approved_amount|loan_amount|overdue_days|days_past_due|max_dpd|dpd\d*|ever_\d+dpd|是否申请|申请|是否通过|通过|是否授信|授信|授信额度|额度|是否放款|放款|是否支用|支用|是否复借|复借|逾期天数|(bureau|external|ext|elsewhere)_(bad|overdue|dpd\d*)|征信逾期|respon(d|ded|se)|converted|took_up|take_up|是否响应|响应)(_flag|_ind)?$/i;
/** A campaign's treatment flag or offer: `treated`, `treatment`, `is_treated`, `offer`, `arm`, `是否干预` (at most 20 values). */
const TREATMENT_NAME = /^(is_)?(treated|treatment|treat|offer|arm)(_flag|_group)?$|^(是否干预|干预|权益)$/i;
/** A column of row weights: `weight`, `sample_weight`, `wt`, `权重` (numbers ≥ 0). */
const WEIGHT_NAME = /^(sample_?)?(weight|wt)s?$|^权重$/i;
const SAMPLE_NAME = /^(sample|split|set|partition|dataset)$/i;
const SAMPLE_VALUES = new Set(['train', 'test', 'oot', 'valid', 'validation', 'dev', 'holdout']);
const HEX_KEY = /^([0-9a-f]{32}|[0-9a-f]{64})$/i;

/**
 * Infers a column's type and role from a sample of its raw text values (the first rows of the
 * file): numeric when every non-missing value is a number, date when every one is a date, key for
 * hashed ids (32/64 hex) and unique id-like columns, text for long unique strings, else
 * categorical. Roles follow the type and the name (a 0/1 column named `bad` is the target).
 */
export function inferColumn(name: string, sample: readonly (string | null)[]): ColumnSpec {
  const values = sample.filter((v): v is string => v !== null && !isMissingText(v));
  const type = inferType(name, values);
  return { name, type, role: inferRole(name, type, values) };
}

/**
 * A file has one target: when several columns look like one (`bad` and `default`), the first
 * keeps the role and the others become outcomes, so none of them becomes an input by default.
 */
export function settleTargets(specs: ColumnSpec[]): ColumnSpec[] {
  let seen = false;
  return specs.map((s) => {
    if (s.role !== 'target') return s;
    if (!seen) { seen = true; return s; }
    return { ...s, role: 'outcome' };
  });
}

function inferType(name: string, values: string[]): ColumnType {
  if (values.length === 0) return 'categorical';
  const distinct = new Set(values).size;
  const unique = distinct === values.length && values.length >= 20;
  if (values.every((v) => { parseNumberText(v); return numberParse.status === PARSE_OK; })) {
    const ints = values.every((v) => /^\s*-?\d+\s*$/.test(v));
    if (ints && DATE_NAME.test(name) && values.every((v) => /^\s*\d{8}\s*$/.test(v) && !Number.isNaN(parseDate(v)))) return 'date';
    if (ints && unique && KEY_NAME.test(name)) return 'key';
    return 'numeric';
  }
  if (values.every((v) => /[-/.]/.test(v) && !Number.isNaN(parseDate(v)))) return 'date';
  if (values.every((v) => HEX_KEY.test(v.trim()))) return 'key';
  if (unique && KEY_NAME.test(name)) return 'key';
  const ratio = distinct / values.length;
  const meanLength = values.reduce((s, v) => s + v.length, 0) / values.length;
  if (ratio > 0.9 && values.length >= 20 && (meanLength > 30 || values.some((v) => /\s\S+\s/.test(v)))) return 'text';
  if (unique && meanLength >= 8 && !/\s/.test(values[0] ?? '')) return 'key';
  return 'categorical';
}

function inferRole(name: string, type: ColumnType, values: string[]): ColumnRole {
  if (type === 'key') return 'key';
  if (type === 'date') return 'time';
  if (type === 'text') return 'exclude';
  const distinct = new Set(values.map((v) => v.trim()));
  if (TARGET_NAME.test(name) && distinct.size === 2) return 'target';
  if (OUTCOME_NAME.test(name)) return 'outcome';
  if (SAMPLE_NAME.test(name) && distinct.size > 0 && [...distinct].every((v) => SAMPLE_VALUES.has(v.toLowerCase()))) return 'sample';
  if (WEIGHT_NAME.test(name) && type === 'numeric' && values.every((v) => Number(v) >= 0)) return 'weight';
  if (TREATMENT_NAME.test(name) && distinct.size <= 20) return 'treatment';
  return 'feature';
}
