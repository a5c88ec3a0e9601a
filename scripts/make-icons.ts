import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/**
 * Draws the app icons (an organisation chart: one box above two) so they can be
 * regenerated rather than hand-edited: `npx tsx scripts/make-icons.ts`.
 */
type Rgba = [number, number, number, number];

function draw(size: number, background: Rgba, ink: Rgba): Buffer {
  const png = new PNG({ width: size, height: size });
  const s = size / 32;
  const set = (x: number, y: number, c: Rgba) => {
    const i = (y * size + x) * 4;
    png.data.set(c, i);
  };
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) set(x, y, background);
  const rect = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = Math.round(y0 * s); y < Math.round(y1 * s); y++) for (let x = Math.round(x0 * s); x < Math.round(x1 * s); x++) set(x, y, ink);
  };
  rect(11, 4, 21, 11); // top box
  rect(15, 11, 17, 16); // stem
  rect(7, 15, 25, 17); // bar
  rect(7, 17, 9, 20);
  rect(23, 17, 25, 20);
  rect(3, 20, 13, 27); // left box
  rect(19, 20, 29, 27); // right box
  return PNG.sync.write(png);
}

const dir = join(__dirname, '..', 'appPackage');
writeFileSync(join(dir, 'color.png'), draw(192, [31, 78, 121, 255], [255, 255, 255, 255]));
writeFileSync(join(dir, 'outline.png'), draw(32, [0, 0, 0, 0], [255, 255, 255, 255]));
