import { useEffect, useRef, useState } from 'react';
import type { ThemeId } from '../../../shared/framework';
import type { Anerkendelse } from '../../../shared/inspection';
import { saveStatus } from '../../state/saveStatus';
import { useDatabase } from '../../state/context';
import { addFinding, deleteFinding, restoreFinding, setFindingText, type FindingKind } from '../../db/inspectionRepository';
import { notify } from '../../state/notices';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';

const WORDS: Record<FindingKind, { title: string; one: string; add: string; hint: string }> = {
  anerkendelse: {
    title: 'Anerkendelser',
    one: 'Anerkendelse',
    add: 'Tilføj anerkendelse',
    hint: 'Hvad lykkes i praksis, og som bør fastholdes?',
  },
  anbefaling: {
    title: 'Anbefalinger',
    one: 'Anbefaling',
    add: 'Tilføj anbefaling',
    hint: 'Hvad anbefaler I institutionen at arbejde med? Lederen svarer på hver anbefaling i høringen.',
  },
};

export function FindingsList(props: { kind: FindingKind; inspectionId: string; themeId: ThemeId; items: Anerkendelse[]; disabled: boolean }) {
  const { kind, inspectionId, themeId, items, disabled } = props;
  const db = useDatabase();
  const w = WORDS[kind];
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (focusId && items.some((i) => i.id === focusId)) {
      document.getElementById(`${kind}-${focusId}`)?.focus();
      setFocusId(null);
    }
  }, [focusId, items, kind]);

  return (
    <div className={`findings findings-${kind}`}>
      <h4>
        {w.title} <span className="count">({items.length})</span>
      </h4>
      {items.length > 0 && (
        <ol ref={listRef}>
          {items.map((item, idx) => (
            <li key={item.id}>
              <AutosaveTextarea
                id={`${kind}-${item.id}`}
                label={`${w.one} ${idx + 1}`}
                value={item.text}
                disabled={disabled}
                rows={2}
                onSave={(text) => setFindingText(db, kind, item.id, text)}
                errorField="text"
              />
              <button
                type="button"
                className="link danger"
                disabled={disabled}
                onClick={async () => {
                  await saveStatus.track(deleteFinding(db, kind, item.id));
                  const label = item.text.trim() ? `«${item.text.trim().slice(0, 40)}${item.text.trim().length > 40 ? '…' : ''}»` : `${w.one} ${idx + 1}`;
                  notify(`${w.one} slettet: ${label}.`, 'info', { label: 'Fortryd', run: () => saveStatus.track(restoreFinding(db, kind, item.id)) });
                }}
                aria-label={`Slet ${w.one.toLowerCase()} ${idx + 1}`}
              >
                Slet
              </button>
            </li>
          ))}
        </ol>
      )}
      <button
        type="button"
        className="secondary"
        disabled={disabled}
        title={w.hint}
        onClick={async () => {
          const created = await saveStatus.track(addFinding(db, kind, inspectionId, themeId));
          setFocusId(created.id);
        }}
      >
        + {w.add}
      </button>
    </div>
  );
}
