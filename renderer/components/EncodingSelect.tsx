import type { OutputEncoding } from '../../service/contract';
import { useI18n } from '../i18n/I18nContext';

const ENCODINGS: OutputEncoding[] = ['utf8-bom', 'utf8', 'gbk'];

/** How a CSV for people is written: UTF-8 with BOM (Excel opens it right, the default), UTF-8, or GBK. */
export function EncodingSelect({ value, onChange }: { value: OutputEncoding; onChange: (e: OutputEncoding) => void }) {
  const { t } = useI18n();
  return (
    <label className="field inline"><span>{t('enc.label')}</span>
      <select aria-label={t('enc.label')} value={value} onChange={(e) => onChange(e.target.value as OutputEncoding)}>
        {ENCODINGS.map((e) => <option key={e} value={e}>{t(`enc.${e}`)}</option>)}
      </select>
    </label>
  );
}
