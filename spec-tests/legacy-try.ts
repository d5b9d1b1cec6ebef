// Converter workaround: the text parser behind jco does not accept the folded
// form of the legacy exception-handling `try` instruction,
//   (try $l? <blocktype> (do instr*) (catch $t instr*)* (catch_all instr*)? )
//   (try $l? <blocktype> (do instr*) (delegate $l))
// but it does accept the equivalent flat form
//   try $l? <blocktype> instr* catch $t instr* ... catch_all instr* end
//   try $l? <blocktype> instr* delegate $l
// This rewrites the former into the latter (same instructions, same binary).

import { type ListNode, type SNode, headOf, isList, parseSExprs } from './sexpr.js';

const FOLDED_TRY = /\(\s*try[\s)]/;

/** Source text of [start, end) with every list in `nodes` (inside that range) re-rendered. */
function rewriteRange(src: string, start: number, end: number, nodes: readonly SNode[]): string {
  let out = '';
  let pos = start;
  for (const n of nodes) {
    if (n.kind !== 'list') continue;
    out += src.slice(pos, n.start) + render(src, n);
    pos = n.end;
  }
  return out + src.slice(pos, end);
}

function clauseBody(src: string, c: ListNode, headerItems: number): string {
  const from = c.items[headerItems - 1]!.end;
  return rewriteRange(src, from, c.end - 1, c.items.slice(headerItems));
}

function render(src: string, n: ListNode): string {
  const doIdx = n.items.findIndex((i) => isList(i) && headOf(i) === 'do');
  if (headOf(n) !== 'try' || doIdx < 0) return rewriteRange(src, n.start, n.end, n.items);
  const tryAtom = n.items[0]!;
  const doNode = n.items[doIdx] as ListNode;
  let out = `try${src.slice(tryAtom.end, doNode.start)}\n${clauseBody(src, doNode, 1)}\n`;
  let delegated = false;
  for (const c of n.items.slice(doIdx + 1)) {
    if (!isList(c)) return rewriteRange(src, n.start, n.end, n.items); // not the folded form we know
    const h = headOf(c);
    if (h === 'catch') out += `catch ${src.slice(c.items[1]!.start, c.items[1]!.end)}\n${clauseBody(src, c, 2)}\n`;
    else if (h === 'catch_all') out += `catch_all\n${clauseBody(src, c, 1)}\n`;
    else if (h === 'delegate') {
      out += `delegate ${src.slice(c.items[1]!.start, c.items[1]!.end)}\n`;
      delegated = true;
    } else return rewriteRange(src, n.start, n.end, n.items);
  }
  return delegated ? out : `${out}end\n`;
}

export function unfoldLegacyTry(text: string): string {
  if (!FOLDED_TRY.test(text)) return text;
  try {
    return rewriteRange(text, 0, text.length, parseSExprs(text));
  } catch {
    return text; // let the converter report whatever is wrong
  }
}
