import { describe, expect, it } from 'vitest';
import type { Institution } from '../../../shared/institution';
import type { Inspection } from '../../../shared/inspection';
import { buildPreVisitBrief, priorKnowledgeOf } from '../../../shared/previsitBrief';
import { dataItemProblems, RammeDataItemsSchema, type RammeDataItem } from '../../../shared/rammeData';
import { judge, reasonMessage } from '../../../shared/rules';
import { TilsynsrammeSchema } from '../../../shared/tilsynsramme';

const ITEMS: RammeDataItem[] = [
  { id: 'd-rap', label: 'Tidligere tilsynsrapporter', source: 'rapporter', note: '' },
  { id: 'd-noegle', label: 'Nøgletal', source: 'noegletal', note: '' },
  { id: 'd-sprog', label: 'Sprogvurderinger', source: 'ekstern', note: 'Fra BørneIT' },
];
const ramme = TilsynsrammeSchema.parse({ id: 'r2', version: 2, title: 'Tilsynsramme', status: 'gaeldende', inForceFrom: '2025-01-01', dataItems: ITEMS });
const institution = { id: 'DI-01', name: 'Solsikken', type: 'integreret', ownership: 'kommunal', children0to2: 12, children3to5: 28, rev: 1 } as Institution;

describe('the data the tilsynsramme names, in the pre-visit brief', () => {
  it('shows each item with what the device has, external data as not available offline, and records every answer', () => {
    const brief = buildPreVisitBrief({ inspectionId: 'i-now', institutionId: 'DI-01', versions: [], followUps: [], ramme, institution });
    expect(brief.ramme).toBe('Tilsynsramme, version 2 (gældende fra 01.01.2025)');
    expect(brief.dataItems.map((d) => [d.id, d.onDevice])).toEqual([
      ['d-rap', { kind: 'count', n: 0 }],
      ['d-noegle', { kind: 'keyFigures', places: 40, children0to2: 12, children3to5: 28, type: 'integreret', unitType: 'daginstitution' }],
      ['d-sprog', null],
    ]);
    // Without the institution on the device the key figures are not there either.
    expect(buildPreVisitBrief({ inspectionId: 'i', institutionId: 'DI-01', versions: [], followUps: [], ramme }).dataItems[1]?.onDevice).toBeNull();
    expect(priorKnowledgeOf(brief, 'now', ['d-sprog']).dataItems).toEqual([
      { id: 'd-rap', label: 'Tidligere tilsynsrapporter', there: false },
      { id: 'd-noegle', label: 'Nøgletal', there: false },
      { id: 'd-sprog', label: 'Sprogvurderinger', there: true },
    ]);
  });

  it('the rule: one answer per named item, none for an item the ramme does not name', () => {
    expect(dataItemProblems(ITEMS, ITEMS.map((i) => ({ id: i.id })))).toEqual([]);
    expect(dataItemProblems([], undefined)).toEqual([]);
    expect(dataItemProblems(ITEMS, undefined)).toEqual(['Tidligere tilsynsrapporter', 'Nøgletal', 'Sprogvurderinger']);
    expect(dataItemProblems(ITEMS, [{ id: 'd-rap' }, { id: 'd-rap' }, { id: 'd-noegle' }, { id: 'd-sprog' }, { id: 'x' }])).toEqual(['Tidligere tilsynsrapporter', 'ukendt datapunkt x']);
  });

  it('a ramme lists each datum once', () => {
    const twice = RammeDataItemsSchema.safeParse([ITEMS[0], { ...ITEMS[1], label: ' tidligere TILSYNSRAPPORTER ' }]);
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]).toMatchObject({ path: [1, 'label'], message: 'Datapunktet står der allerede' });
    expect(RammeDataItemsSchema.safeParse([{ ...ITEMS[0], source: 'andet' }]).error?.issues[0]?.message).toBe('Vælg hvor data findes');
  });

  it('the write judge refuses "endelig" without an answer for each datum, with a Danish message naming them', () => {
    const current = { id: 'i1', rev: 3, institutionId: 'DI-01', date: '2025-03-04', status: 'i_hoering', consultants: ['K'], dialogue: { at: '2025-03-04T13:00', leder: ['L'], staff: ['S'], consultantIds: [] } } as unknown as Inspection;
    const actor = { role: 'konsulent' as const, institutionIds: 'all' as const };
    const context = { observationCount: 1, rammeDataItems: ITEMS };
    const base = { recordedAt: 'now', reportVersionIds: [], followUpIds: [], caseIds: [] };
    const refused = judge(actor, 'inspection', current, { fields: { status: 'endelig', concernLevel: 'ingen', priorKnowledge: base } }, context);
    expect(refused).toMatchObject({ ok: false, code: 'prior_data_unanswered' });
    if (refused.ok) throw new Error('refused');
    expect(reasonMessage(refused)).toContain('Der mangler svar for: Tidligere tilsynsrapporter, Nøgletal og Sprogvurderinger');
    const answered = { ...base, dataItems: ITEMS.map((i) => ({ id: i.id, label: i.label, there: i.source !== 'ekstern' })) };
    expect(judge(actor, 'inspection', current, { fields: { status: 'endelig', concernLevel: 'ingen', priorKnowledge: answered } }, context)).toEqual({ ok: true });
    // A ramme that names no data asks nothing (older versions, no ramme on the date).
    expect(judge(actor, 'inspection', current, { fields: { status: 'endelig', concernLevel: 'ingen' } }, { observationCount: 1 })).toEqual({ ok: true });
  });
});
