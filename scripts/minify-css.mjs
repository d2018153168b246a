// The stylesheet as dist/ serves it: comments dropped and blanks squeezed (-0.6 KiB brotli on
// the first load). Only what cannot change a rule is touched: a comment, a run of blanks (one
// space is kept, none around `{`, `}` and `;`), the last `;` of a block. Blanks around `:`,
// `,`, `>`, `+` and `-` stay (`a :focus` is not `a:focus`, `calc()` needs them, a `var()`
// fallback is kept as written), and so does any text in quotes. tests/e2e/specs/shell.spec.js
// checks that the browser reads the same rules from both files.
//   node scripts/minify-css.mjs <in.css> <out.css>
import { readFileSync, writeFileSync } from 'node:fs';

export function minifyCss(css) {
  // One pass: quoted text copied as it is, a comment turned into a blank, the rest squeezed.
  const parts = [];
  let plain = '';
  const squeeze = () => {
    parts.push(plain.replace(/\s+/g, ' ').replace(/ ?([{};]) ?/g, '$1').replace(/;}/g, '}'));
    plain = '';
  };
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 1;
      plain += ' ';
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== c) j += css[j] === '\\' ? 2 : 1;
      squeeze();
      parts.push(css.slice(i, j + 1));
      i = j;
    } else {
      plain += c;
    }
  }
  squeeze();
  return parts.join('').trim();
}

const [input, output] = process.argv.slice(2);
if (input && output) writeFileSync(output, minifyCss(readFileSync(input, 'utf8')));
