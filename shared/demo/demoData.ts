import { THEME_IDS, type Step, type ThemeId } from '../framework';
import { monthsBefore } from '../dates';
import { FRAMEWORK_V1 } from '../frameworks/v1';
import { themeScoreId, type Anbefaling, type Anerkendelse, type Inspection, type ThemeScore } from '../inspection';
import type { Institution } from '../institution';
import { INSTITUTIONS_CSV } from './institutionsCsv';
import { parseInstitutionsCsv } from './parseInstitutionsCsv';

/*
 * Demo data: the 40 fixture institutions with final inspections in the rounds 2019, 2021, 2023, 2025.
 *
 * Everything is deterministic: no randomness and no clock. Choices are made with a fixed string hash
 * (FNV-1a) of the institution id and the year, ids are derived from institution id + year
 * ("demo-DI-01-2021"), and timestamps from the visit date.
 *
 * Scores:
 * - 2021 is exactly the fixture's T1…T7 steps: averages 2.40 (pædagogisk organisering) and 2.60
 *   (børnenes kompetencer), n = 40.
 * - 2019 is derived from 2021 by lowering steps, 2023 from 2021 by raising them, 2025 from 2023 by
 *   raising them. Each adjustment moves one institution one step at a time, in a hash order per
 *   year and theme (not "weakest first", so the spread stays realistic and some weak institutions
 *   stay weak), never outside 1–4, until the theme's sum hits the target exactly:
 *     organisering 2.20 → 2.40 → 2.70 → 3.00; kompetencer 2.45 → 2.60 → 2.80 → 3.00;
 *     the other five themes: the 2021 mean −0.10, +0.10, +0.20 (rounded to a whole sum).
 * - Five institutions (DEMO_NOT_INSPECTED_2025) have no 2025 inspection: their last final inspection
 *   is in 2023, more than 24 months before 2026-11-23, so they show as due. The 2025 targets hold over
 *   the 35 institutions that were inspected: 3.00 = 105 / 35 on both goal themes.
 * - Three 2019 scores are "ikke vurderet" with a reason (DEMO_NOT_ASSESSED_2019), on non-goal themes,
 *   so the goal-theme averages are unaffected.
 *
 * Visits fall on weekdays in February–June and August–November, spread evenly over the year.
 */

export const DEMO_ROUNDS = [2019, 2021, 2023, 2025] as const;
export type DemoRound = (typeof DEMO_ROUNDS)[number];

/** Institutions without a 2025 inspection, so that they are due relative to late 2026. */
export const DEMO_NOT_INSPECTED_2025: readonly string[] = ['DI-06', 'DI-13', 'DI-22', 'DI-29', 'DI-36'];

/** Exact municipal averages of the two goal themes per round (2021 comes from the fixture). */
export const DEMO_GOAL_MEANS: Record<DemoRound, Partial<Record<ThemeId, number>>> = {
  2019: { 'paedagogisk-organisering': 2.2, 'boernenes-kompetencer': 2.45 },
  2021: { 'paedagogisk-organisering': 2.4, 'boernenes-kompetencer': 2.6 },
  2023: { 'paedagogisk-organisering': 2.7, 'boernenes-kompetencer': 2.8 },
  2025: { 'paedagogisk-organisering': 3.0, 'boernenes-kompetencer': 3.0 },
};

/** How far the other five themes drift from their 2021 mean. */
const OTHER_THEME_DRIFT: Record<DemoRound, number> = { 2019: -0.1, 2021: 0, 2023: 0.1, 2025: 0.2 };

export const DEMO_NOT_ASSESSED_2019: readonly { institutionId: string; themeId: ThemeId; reason: string }[] = [
  {
    institutionId: 'DI-09',
    themeId: 'fysiske-rammer',
    reason: 'Huset var under renovering, og børnene var midlertidigt flyttet til pavilloner på besøgsdagen.',
  },
  {
    institutionId: 'DI-17',
    themeId: 'overgange',
    reason: 'Der var ingen opstart eller overgange i observationsperioden, og temaet blev ikke drøftet i dialogen.',
  },
  {
    institutionId: 'DI-33',
    themeId: 'rutiner',
    reason: 'Observationen lå mellem måltiderne og i en periode uden skift, så rutinerne kunne ikke vurderes.',
  },
];

const CONSULTANTS = ['Mette Kjærgaard', 'Lars Holmgaard', 'Anne Vestergaard', 'Jonas Bech', 'Sofie Lindberg', 'Henrik Dam'];
const VISIT_MONTHS = [2, 3, 4, 5, 6, 8, 9, 10, 11];

/** Short texts about practice, never about a child: [anerkendelser, anbefalinger] per theme. */
const FINDINGS: Record<ThemeId, { anerkendelser: string[]; anbefalinger: string[] }> = {
  'paedagogisk-organisering': {
    anerkendelser: [
      'Dagens plan er synlig for alle, og medarbejderne kender deres opgaver og placering.',
      'Medarbejderne fordeler sig i mindre grupper, så der er en voksen til stede i alle rum.',
      'Personalet justerer planen roligt, når børnegruppen kræver det, og orienterer hinanden undervejs.',
    ],
    anbefalinger: [
      'Lav en fælles plan for overgangen fra frokost til hvil, så alle ved, hvem der gør hvad.',
      'Aftal, hvordan medarbejderne fordeler sig på legepladsen, så alle områder har en voksen.',
      'Brug teammøderne til at evaluere dagens plan og justere den ud fra jeres iagttagelser.',
    ],
  },
  'fysiske-rammer': {
    anerkendelser: [
      'Indretningen med små legezoner giver plads til både fordybelse og ro.',
      'Materialerne står i børnehøjde og er tydeligt sorteret, så børnene selv kan vælge.',
      'Legepladsen giver varierede muligheder for bevægelse og naturoplevelser.',
    ],
    anbefalinger: [
      'Indret et roligt hjørne, hvor børn kan trække sig tilbage fra larmen.',
      'Sæt materialerne i børnehøjde og mærk kasserne med billeder.',
      'Brug uderummet mere planlagt, fx med faste aktivitetsstationer.',
    ],
  },
  interaktion: {
    anerkendelser: [
      'Medarbejderne er i øjenhøjde med børnene og følger deres initiativer med interesse.',
      'Der er mange gode samtaler, hvor medarbejderne stiller åbne spørgsmål og venter på svar.',
      'Medarbejderne hjælper aktivt børn ind i fællesskabet og guider konflikter mod løsninger.',
    ],
    anbefalinger: [
      'Aftal fælles sprogstrategier, fx at udvide børnenes sætninger og stille åbne spørgsmål.',
      'Sørg for, at alle børn får del i de nærværende samtaler, ikke kun de mest talende.',
      'Drøft i personalegruppen, hvordan irettesættelser kan erstattes af guidning.',
    ],
  },
  leg: {
    anerkendelser: [
      'Legen har god plads i dagen, og medarbejderne beskytter den mod afbrydelser.',
      'Medarbejderne deltager engageret i rollelegen og inspirerer med nye temaer.',
      'Der er tydelig opmærksomhed på, at alle børn har nogen at lege med.',
    ],
    anbefalinger: [
      'Planlæg længere perioder med uforstyrret leg om formiddagen.',
      'Deltag mere aktivt i legen, fx ved at gå foran med nye legetemaer.',
      'Aftal en fælles praksis for at hjælpe børn, der ofte står uden for legen, ind i fællesskabet.',
    ],
  },
  rutiner: {
    anerkendelser: [
      'Måltidet er et roligt fællesskab, hvor børnene selv øser op og taler sammen.',
      'Garderoben er organiseret i mindre grupper med god tid til at gøre selv.',
      'Skift mellem aktiviteter varsles tydeligt og forløber roligt.',
    ],
    anbefalinger: [
      'Brug måltidet mere bevidst til samtaler, fx med en voksen ved hvert bord.',
      'Del garderobesituationen op i mindre grupper for at mindske ventetiden.',
      'Aftal faste roller ved skift, så ventetiden bliver kortere.',
    ],
  },
  'boernenes-kompetencer': {
    anerkendelser: [
      'Dialogisk læsning bruges systematisk i små grupper.',
      'Der er daglige motoriske lege både inde og ude, og alle børn opmuntres til at deltage.',
      'Medarbejderne sætter ord på følelser og støtter børnene i selv at løse konflikter.',
    ],
    anbefalinger: [
      'Planlæg sprogaktiviteterne ud fra sprogvurderingerne og evaluer dem i teamet.',
      'Gør bevægelse til en fast del af dagen, også på dage uden tur.',
      'Dokumentér arbejdet med læreplanens temaer, så erfaringerne kan bruges i planlægningen.',
    ],
  },
  overgange: {
    anerkendelser: [
      'Opstarten planlægges sammen med forældrene, og en fast voksen tager imod.',
      'Samarbejdet med skolen om besøg og overlevering fungerer godt.',
      'Interne skift forberedes med besøg i den nye gruppe.',
    ],
    anbefalinger: [
      'Brug overgangsbeskrivelsen mere aktivt i opstartssamtalen med forældrene.',
      'Aftal med skolen, hvordan de kommende skolebørn kan lære de nye voksne at kende.',
      'Evaluer overgangene sammen med forældrene efter de første måneder.',
    ],
  },
};

/** FNV-1a, 32 bit: a fixed, portable hash for deterministic choices. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function byHash(ids: Iterable<string>, salt: string): string[] {
  return [...ids].sort((a, b) => hash(`${salt}:${a}`) - hash(`${salt}:${b}`) || (a < b ? -1 : a > b ? 1 : 0));
}

function sumOf(steps: ReadonlyMap<string, Step>): number {
  let s = 0;
  for (const v of steps.values()) s += v;
  return s;
}

/**
 * Moves steps one at a time (raising if the target is above the current sum, lowering if below),
 * going round the institutions in a hash order, never outside 1–4, until the sum equals `target`.
 */
function shiftToSum(steps: ReadonlyMap<string, Step>, target: number, salt: string): Map<string, Step> {
  const out = new Map(steps);
  let delta = target - sumOf(out);
  const dir = Math.sign(delta);
  const order = byHash(out.keys(), salt);
  while (delta !== 0) {
    let moved = false;
    for (const id of order) {
      if (delta === 0) break;
      const next = out.get(id)! + dir;
      if (next < 1 || next > 4) continue;
      out.set(id, next as Step);
      delta -= dir;
      moved = true;
    }
    if (!moved) throw new Error(`Demodata: summen ${target} kan ikke nås (${salt})`);
  }
  return out;
}

/** Target step sum of a theme in a round over `n` institutions. */
function targetSum(round: DemoRound, themeId: ThemeId, baseMean: number, n: number): number {
  const goal = DEMO_GOAL_MEANS[round][themeId];
  return Math.round((goal ?? baseMean + OTHER_THEME_DRIFT[round]) * n);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Visit dates: weekdays, spread evenly over the visiting months in a hash order per year. */
function visitDates(ids: readonly string[], year: number): Map<string, string> {
  const dates = new Map<string, string>();
  byHash(ids, `dato-${year}`).forEach((id, position) => {
    const month = VISIT_MONTHS[Math.floor((position * VISIT_MONTHS.length) / ids.length)]!;
    let day = 2 + (hash(`dag-${year}:${id}`) % 25); // 2..26
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (weekday === 6) day += 2;
    else if (weekday === 0) day += 1;
    dates.set(id, `${year}-${pad(month)}-${pad(day)}`);
  });
  return dates;
}

export interface DemoData {
  institutions: Institution[];
  inspections: Inspection[];
  themeScores: ThemeScore[];
  anerkendelser: Anerkendelse[];
  anbefalinger: Anbefaling[];
}

export function demoInspectionId(institutionId: string, year: number): string {
  return `demo-${institutionId}-${year}`;
}

/** Builds the demo data set. Pure and deterministic: two calls return deep-equal data. */
export function buildDemoData(): DemoData {
  const rows = parseInstitutionsCsv(INSTITUTIONS_CSV);
  const institutions = rows.map((r) => r.institution);
  const allIds = institutions.map((i) => i.id);
  const ids2025 = allIds.filter((id) => !DEMO_NOT_INSPECTED_2025.includes(id));

  // steps[round][theme] = step per institution id
  const steps = {} as Record<DemoRound, Record<ThemeId, Map<string, Step>>>;
  steps[2021] = {} as Record<ThemeId, Map<string, Step>>;
  steps[2019] = {} as Record<ThemeId, Map<string, Step>>;
  steps[2023] = {} as Record<ThemeId, Map<string, Step>>;
  steps[2025] = {} as Record<ThemeId, Map<string, Step>>;
  for (const themeId of THEME_IDS) {
    const base = new Map(rows.map((r) => [r.institution.id, r.round2021[themeId]]));
    const baseMean = sumOf(base) / base.size;
    steps[2021][themeId] = base;
    steps[2019][themeId] = shiftToSum(base, targetSum(2019, themeId, baseMean, base.size), `2019-${themeId}`);
    steps[2023][themeId] = shiftToSum(base, targetSum(2023, themeId, baseMean, base.size), `2023-${themeId}`);
    const from2023 = new Map(ids2025.map((id) => [id, steps[2023][themeId].get(id)!]));
    steps[2025][themeId] = shiftToSum(from2023, targetSum(2025, themeId, baseMean, from2023.size), `2025-${themeId}`);
  }

  const data: DemoData = { institutions, inspections: [], themeScores: [], anerkendelser: [], anbefalinger: [] };
  const datesByRound = new Map(
    DEMO_ROUNDS.map((year) => [year, visitDates(year === 2025 ? ids2025 : allIds, year)] as const),
  );

  for (const institution of institutions) {
    for (const year of DEMO_ROUNDS) {
      const date = datesByRound.get(year)!.get(institution.id);
      if (!date) continue; // not inspected this round
      const id = demoInspectionId(institution.id, year);
      const stamp = `${date}T15:00:00.000Z`;
      const h = hash(id);
      const first = h % CONSULTANTS.length;
      const second = (first + 1 + (hash(`${id}:2`) % (CONSULTANTS.length - 1))) % CONSULTANTS.length;
      data.inspections.push({
        id,
        rev: 0,
        updatedAt: stamp,
        institutionId: institution.id,
        frameworkId: FRAMEWORK_V1.id,
        visitType: hash(`${id}:besøg`) % 6 === 0 ? 'uanmeldt' : 'anmeldt',
        kind: 'ordinaer',
        date,
        consultants: [CONSULTANTS[first]!, CONSULTANTS[second]!],
        participants: [],
        // The dialogue meeting by role (issue 12 retired the free-text participants).
        dialogue: { at: `${date}T13:00`, leder: ['Pædagogisk leder', ...(h % 2 ? ['Distriktsleder'] : [])], staff: ['Personalerepræsentant'], consultantIds: [] },
        status: 'endelig',
      });

      const assessed: { themeId: ThemeId; step: Step }[] = [];
      for (const themeId of THEME_IDS) {
        const skip =
          year === 2019 &&
          DEMO_NOT_ASSESSED_2019.find((n) => n.institutionId === institution.id && n.themeId === themeId);
        const step = steps[year][themeId].get(institution.id)!;
        if (!skip) assessed.push({ themeId, step });
        data.themeScores.push({
          id: themeScoreId(id, themeId),
          rev: 0,
          updatedAt: stamp,
          inspectionId: id,
          themeId,
          step: skip ? null : step,
          notAssessed: !!skip,
          notAssessedReason: skip ? skip.reason : '',
          note: '',
        });
      }

      // Recognitions on the strongest themes, recommendations on the weakest (ties in a hash order).
      const ranked = byHash(
        assessed.map((a) => a.themeId),
        id,
      ).map((t) => assessed.find((a) => a.themeId === t)!);
      const nA = 1 + (hash(`${id}:a`) % 2);
      const nB = 1 + (hash(`${id}:b`) % 2);
      // Recognise only what reaches the expected level (step 3) when there is such a theme.
      const byStrength = [...ranked].sort((a, b) => b.step - a.step);
      const good = byStrength.filter((a) => a.step >= 3);
      const strongest = (good.length ? good : byStrength).slice(0, nA);
      const weakest = ranked
        .filter((a) => !strongest.includes(a))
        .sort((a, b) => a.step - b.step)
        .slice(0, nB);
      const findingBase = (themeId: ThemeId, kind: string, k: number) => ({
        id: `${id}:${kind}:${k}`,
        rev: 0,
        updatedAt: stamp,
        inspectionId: id,
        themeId,
        createdAt: stamp,
        deleted: false,
      });
      strongest.forEach(({ themeId }, k) => {
        const pool = FINDINGS[themeId].anerkendelser;
        data.anerkendelser.push({ ...findingBase(themeId, 'anerkendelse', k + 1), text: pool[hash(`${id}:${themeId}:a`) % pool.length]! });
      });
      weakest.forEach(({ themeId }, k) => {
        const pool = FINDINGS[themeId].anbefalinger;
        data.anbefalinger.push({
          ...findingBase(themeId, 'anbefaling', k + 1),
          text: pool[hash(`${id}:${themeId}:b`) % pool.length]!,
          // The concrete instruction every anbefaling carries (§ 5 b stk. 2): who, by when, doing what.
          type: 'anbefaling',
          ownerRole: k === 0 ? 'leder' : 'personalegruppen',
          dueDate: monthsBefore(date, -6),
          action: 'Drøft anbefalingen på næste personalemøde og aftal, hvordan den omsættes i hverdagen.',
          verification: null,
        });
      });
    }
  }
  return data;
}
