/**
 * Tilsyn assesses institutions, never children. These checks catch the personal data that most often
 * slips into free text, so the UI can warn while the consultant is still typing. They never block.
 */
const CHECKS: { pattern: RegExp; message: string }[] = [
  { pattern: /\b\d{6}-?\d{4}\b/, message: 'Teksten ligner et CPR-nummer. Fjern det: tilsynet handler om praksis, ikke om personer.' },
  { pattern: /[\w.+-]+@[\w-]+\.[\w.]+/, message: 'Teksten indeholder en e-mailadresse. Undgå personoplysninger i noterne.' },
  { pattern: /(?:\+45\s?)?\b\d{2}\s?\d{2}\s?\d{2}\s?\d{2}\b/, message: 'Teksten ligner et telefonnummer. Undgå personoplysninger i noterne.' },
  {
    pattern: /\b(?:[Bb]arnet|[Dd]rengen|[Pp]igen)\s+[A-ZÆØÅ][a-zæøå]+/,
    message: 'Det ser ud til, at et barn nævnes ved navn. Beskriv praksis uden at nævne enkelte børn.',
  },
];

export function personalDataWarnings(text: string): string[] {
  return CHECKS.filter((c) => c.pattern.test(text)).map((c) => c.message);
}
