import { useEffect, type RefObject } from 'react';
import { hyphenateDanish } from '../../../shared/hyphenate';

/**
 * Danish hyphenation for the app's own print ("Udskriv / gem som PDF", Ctrl+P): Chromium's
 * `hyphens: auto` needs a dictionary it may not have offline, so narrow table columns broke words
 * anywhere. Right before printing, every text node of the report gets soft hyphens from the TeX
 * Danish patterns (shared/hyphenate.ts: words of eight letters or more, never beside a lone
 * letter), and right after, the text is put back: on screen, copy and search see the plain words.
 */

const SKIP = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION']);

/** Hyphenate the text under `root`; returns the function that restores it. A second call while active does nothing. */
export function hyphenateForPrint(root: Element): () => void {
  if (root.hasAttribute('data-print-hyphenated')) return () => {};
  root.setAttribute('data-print-hyphenated', '');
  const changed: { node: Text; original: string; hyphenated: string }[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement && !SKIP.has(n.parentElement.tagName) && !n.parentElement.closest('.no-print') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const node = n as Text;
    const original = node.data;
    if (!/\p{L}{8}/u.test(original)) continue;
    const hyphenated = hyphenateDanish(original);
    if (hyphenated === original) continue;
    node.data = hyphenated;
    changed.push({ node, original, hyphenated });
  }
  return () => {
    // React may have re-rendered a node meanwhile: only text that is still ours is put back.
    for (const c of changed) if (c.node.data === c.hyphenated) c.node.data = c.original;
    root.removeAttribute('data-print-hyphenated');
  };
}

/** Print (the platform's PDF or print dialog) with the report hyphenated, and put the text back after. */
export async function printHyphenated(root: Element | null, print: () => Promise<unknown>): Promise<void> {
  const restore = root ? hyphenateForPrint(root) : () => {};
  try {
    await print();
  } finally {
    restore();
  }
}

/** The same for the browser's own print (Ctrl+P, the menu): hyphenate on beforeprint, restore on afterprint. */
export function usePrintHyphenation(ref: RefObject<Element | null>): void {
  useEffect(() => {
    let restore: (() => void) | null = null;
    const before = () => {
      if (ref.current) restore = hyphenateForPrint(ref.current);
    };
    const after = () => {
      restore?.();
      restore = null;
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
      after();
    };
  }, [ref]);
}
