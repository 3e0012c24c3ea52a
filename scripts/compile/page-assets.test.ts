import { describe, expect, it } from 'vitest';
import { withoutDeadBlocks } from './page-assets.ts';

describe('withoutDeadBlocks', () => {
  it('drops the blocks PurgeCSS emptied, nested ones too, and the Internet Explorer hack, keeping every rule a browser applies', () => {
    const css = 'a{color:red}@media (width>=48em){}@supports (container-type:inline-size){@media print{}}.b{x:1}@media screen\uFFFD{.c{d:1}.e{f:2}}@media print{.g{h:3}}';
    expect(withoutDeadBlocks(css)).toMatchInlineSnapshot(`"a{color:red}.b{x:1}@media print{.g{h:3}}"`);
  });
});
