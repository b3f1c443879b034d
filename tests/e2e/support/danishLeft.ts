import type { Page } from 'playwright-core';
import { buildDemoData } from '../../../shared/demo/demoData';
import { DEFAULT_SCALE_LABELS, THEME_SHORT_NAMES } from '../../../shared/framework';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { DEMO_GOALS } from '../../../shared/goals';

/*
 * Danish UI words left on a screen that should be in English. The municipality's own content
 * (framework, scale, institutions, and the demo's findings, which consultants wrote in Danish) is
 * data, not UI text, and is taken out first, as is what a test typed.
 */

const demo = buildDemoData();
/** Content that is data, not UI text: the framework's themes, descriptors and fokuspunkter, the scale, the institutions, the goals, the demo's findings and people. */
const MUNICIPAL_CONTENT = [
  FRAMEWORK_V1.name,
  ...DEFAULT_SCALE_LABELS,
  ...FRAMEWORK_V1.themes.flatMap((t) => [t.name, t.name.toLowerCase(), t.description, ...t.descriptors, ...t.fokuspunkter.flatMap((f) => [f.name, ...f.descriptors])]),
  ...Object.values(THEME_SHORT_NAMES),
  ...demo.institutions.flatMap((i) => [i.name, i.district ?? '']),
  // The municipality's goals, as its politicians wrote them.
  ...DEMO_GOALS.map((g) => g.title),
  ...demo.anerkendelser.map((f) => f.text),
  ...demo.anbefalinger.flatMap((f) => [f.text, f.action]),
  ...demo.inspections.flatMap((i) => [...i.consultants, ...i.participants, ...(i.dialogue ? [...i.dialogue.leder, ...i.dialogue.staff] : [])]),
].filter((s) => s.length > 1);

/**
 * Danish words a screen would show if a text were left unconverted: everyday UI words that are not
 * also English, and any word with æ, ø or å.
 */
const DANISH_WORD = /(?<![\p{L}])(og|ikke|af|til|med|eller|som|der|den|det|en|et|gem|gemt|slet|tilføj|vælg|vis|skjul|luk|annuller|tilsynet|tilsynsrapport|temaer|trin|noter|anbefaling(?:er)?|anerkendelse(?:r)?|høring|endelig|udkast|konsulent(?:er)?|institutioner|mangler|besøget|dialogmødet|rapport(?:en)?|dato|kl|i\.v|anmeldt|uanmeldt|januar|februar|marts|maj|juni|juli|oktober|minutter|timer|[\p{L}]*[æøåÆØÅ][\p{L}]*)(?![\p{L}])/giu;

/** Each Danish word with what stands around it (so a failure says where); `skip`: parts another converter owns. */
export async function danishLeft(page: Page, typed: readonly string[] = [], skip: { selectors?: readonly string[]; texts?: readonly string[] } = {}): Promise<string[]> {
  let text = await page.evaluate((selectors) => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const el of body.querySelectorAll([...selectors, 'script', 'style', 'noscript'].join(','))) el.remove();
    // innerText of a detached clone has no layout: join the text nodes line by line instead.
    return [...body.querySelectorAll('*')].flatMap((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '')).join('\n');
  }, [...(skip.selectors ?? [])]);
  for (const s of [...MUNICIPAL_CONTENT, ...(skip.texts ?? []), ...typed].sort((a, b) => b.length - a.length)) text = text.split(s).join(' ');
  // The app's name is a name in both languages.
  text = text.replace(/^Tilsyn$/m, ' ');
  return [...new Set([...text.matchAll(DANISH_WORD)].map((m) => `${m[0]} «${text.slice(Math.max(0, m.index - 30), m.index + 30).replace(/\s+/g, ' ')}»`))];
}
