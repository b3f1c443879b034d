import { useLiveQuery } from 'dexie-react-hooks';
import { UNIT_TYPE_LABELS, unitTypeOf, type Institution } from '../../../shared/institution';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { useTranslation } from 'react-i18next';

/** What the law counts the unit as (R1.2), and for an enhed the institution it belongs to. */
export function UnitFact({ institution }: { institution: Institution }) {
  const { t } = useTranslation('institutions');
  const db = useDatabase();
  const parentId = institution.parentInstitutionId;
  const parent = useLiveQuery(() => (parentId ? db.institutions.get(parentId) : undefined), [db, parentId]);
  return (
    <div>
      <dt>{t('facts.unit')}</dt>
      <dd data-testid="unit-type">
        {UNIT_TYPE_LABELS[unitTypeOf(institution)]}
        {parentId && (
          <>
            {' '}
            {t('facts.under')} <a href={href({ name: 'institution', id: parentId })}>{parent?.name ?? parentId}</a>
          </>
        )}
      </dd>
    </div>
  );
}
