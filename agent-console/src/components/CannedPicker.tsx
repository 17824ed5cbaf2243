// The listbox under the composer while "/word" is typed: suggested and matching saved replies,
// the highlighted one's preview exactly as it will be sent, and what could not be filled.
import { useI18n } from '../context.js';
import type { CannedPicker as Picker, PickerItem } from '../hooks/useCannedPicker.js';

interface Props { picker: Picker; listId: string; onPick: (item: PickerItem) => void }

export const optionId = (listId: string, i: number) => `${listId}-${i}`;

export function CannedPicker({ picker, listId, onPick }: Props) {
  const { t } = useI18n();
  if (!picker.open) return null;
  const { items, active, preview } = picker;
  return (
    <div class="canned-picker" data-testid="canned-picker">
      <div class="canned-head small muted">
        <span>{t('cr.pickerLabel')}</span>
        <span>{t('cr.pickerHint')}</span>
      </div>
      {picker.loading ? <p class="canned-empty small muted">{t('cr.loading')}</p>
        : picker.failed ? <p class="canned-empty small" role="alert">{t('cr.failed')}</p>
        : items.length === 0 ? <p class="canned-empty small muted">{t('cr.none', { q: picker.trigger?.query ?? '' })}</p>
        : (
          <div class="canned-body">
            <ul id={listId} role="listbox" aria-label={t('cr.pickerLabel')} class="canned-list">
              {items.map((item, i) => (
                <li key={item.id} id={optionId(listId, i)} role="option" aria-selected={i === active} data-testid="canned-option"
                  class={`canned-option${i === active ? ' active' : ''}`}
                  onMouseDown={(e) => e.preventDefault()} onMouseEnter={() => picker.setActive(i)} onClick={() => onPick(item)}>
                  <span class="canned-shortcut">/{item.shortcut}</span>
                  <span class="canned-title">{item.title}</span>
                  <span class="canned-meta small muted">{item.suggested ? '★ ' : ''}{t(`cr.scope.${item.scope.split(':')[0] as 'personal' | 'team' | 'global'}`)}</span>
                </li>
              ))}
            </ul>
            {preview && (
              <div class="canned-preview" data-testid="canned-preview" aria-live="polite">
                <div class="small muted">{t('cr.preview')}</div>
                <p class="canned-preview-text">{preview.text}</p>
                {preview.missing.length > 0 && <p class="canned-missing small" role="note">{t('cr.missing', { names: preview.missing.map((n) => `{{${n}}}`).join(', ') })}</p>}
              </div>
            )}
          </div>
        )}
    </div>
  );
}
