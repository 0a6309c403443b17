// Cleans a scanned page before OCR, on raw pixel arrays: grayscale, a 3×3 median (takes out scanner
// speckle without eating thin strokes), deskew (a page fed a few degrees crooked breaks table rows
// into pieces), and Otsu binarisation. Pure functions: no I/O, same input, same output.

/** One byte per pixel, 0 black … 255 white, rows top to bottom. */
export interface GrayImage { width: number; height: number; data: Uint8Array }

export interface CleanedImage {
  image: GrayImage;
  /** The skew found and corrected, in degrees (positive: text lines ran down to the right). */
  skewDegrees: number;
  /** Otsu's threshold (see inkThreshold): gray levels at or below it became ink. */
  threshold: number;
  /** Share of the page that is ink after cleanup (a blank page is near 0). */
  inkFraction: number;
  /** Mean gray of the paper minus mean gray of the ink before binarisation (a blank or washed-out page is low). */
  contrast: number;
  /** How much the page was enlarged: divide the OCR's pixel positions by it for the scan's own. */
  scale: number;
  /** Whether the paper was noisy enough to be smoothed before enlarging. */
  noisy: boolean;
}

/** Pixels with 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels to gray; alpha composites over white paper. */
export function toGray(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 1 | 2 | 3 | 4): GrayImage {
  const n = width * height;
  if (pixels.length < n * channels) throw new Error(`image data is ${pixels.length} bytes, expected ${n * channels} for ${width}×${height}×${channels}`);
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    let v: number;
    if (channels <= 2) v = pixels[p]!;
    else v = (pixels[p]! * 299 + pixels[p + 1]! * 587 + pixels[p + 2]! * 114) / 1000; // ITU-R 601 luma
    if (channels === 2 || channels === 4) {
      const a = pixels[p + channels - 1]! / 255;
      v = v * a + 255 * (1 - a);
    }
    data[i] = Math.round(v);
  }
  return { width, height, data };
}

/** 3×3 median; edge pixels keep their value. */
export function medianFilter3(img: GrayImage): GrayImage {
  const { width: w, height: h, data: src } = img;
  const out = new Uint8Array(src);
  const v = new Int32Array(9);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const row = (y + dy) * w + x;
        v[k++] = src[row - 1]!; v[k++] = src[row]!; v[k++] = src[row + 1]!;
      }
      out[y * w + x] = medianOf9(v);
    }
  }
  return { width: w, height: h, data: out };
}

/** Median of nine by partial insertion sort (only the lower five need ordering). */
function medianOf9(v: Int32Array): number {
  for (let i = 1; i < 9; i++) {
    const x = v[i]!;
    let j = i - 1;
    while (j >= 0 && v[j]! > x) { v[j + 1] = v[j]!; j--; }
    v[j + 1] = x;
  }
  return v[4]!;
}

export function histogramOf(img: GrayImage): Uint32Array {
  const hist = new Uint32Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]!]!++;
  return hist;
}

/** Otsu's method over gray levels [0, upTo]: the level that best splits them in two (maximum between-class variance). */
export function otsuThreshold(img: GrayImage, upTo = 255): number {
  return otsuOfHistogram(histogramOf(img), upTo);
}

function otsuOfHistogram(hist: Uint32Array, upTo: number): number {
  let total = 0, sumAll = 0;
  for (let t = 0; t <= upTo; t++) { total += hist[t]!; sumAll += t * hist[t]!; }
  let sumDark = 0, countDark = 0, best = 0, bestVariance = -1;
  for (let t = 0; t <= upTo; t++) {
    countDark += hist[t]!;
    if (countDark === 0) continue;
    const countLight = total - countDark;
    if (countLight === 0) break;
    sumDark += t * hist[t]!;
    const meanDark = sumDark / countDark;
    const meanLight = (sumAll - sumDark) / countLight;
    const variance = countDark * countLight * (meanDark - meanLight) ** 2;
    if (variance > bestVariance) { bestVariance = variance; best = t; }
  }
  return best;
}

/**
 * The ink/paper threshold of a document page. Otsu alone fails on a sparse page with a noisy
 * background: with 1% ink it splits the paper's own noise in two. A page is mostly paper, so while
 * the "ink" side holds over a quarter of the page, Otsu is run again on that side only.
 */
export function inkThreshold(img: GrayImage): number {
  const hist = histogramOf(img);
  const total = img.data.length;
  let threshold = otsuOfHistogram(hist, 255);
  for (let round = 0; round < 4; round++) {
    let ink = 0;
    for (let t = 0; t <= threshold; t++) ink += hist[t]!;
    if (ink / total <= 0.25 || threshold === 0) break;
    threshold = otsuOfHistogram(hist, threshold);
  }
  return threshold;
}

/** Mean gray above the threshold minus mean gray at or below it. */
export function contrastAt(img: GrayImage, threshold: number): number {
  let dark = 0, darkSum = 0, light = 0, lightSum = 0;
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i]!;
    if (v <= threshold) { dark++; darkSum += v; } else { light++; lightSum += v; }
  }
  if (dark === 0 || light === 0) return 0;
  return lightSum / light - darkSum / dark;
}

export function binarise(img: GrayImage, threshold: number): GrayImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i]! <= threshold ? 0 : 255;
  return { width: img.width, height: img.height, data };
}

/**
 * The angle of the text lines, by projection profile: shear the ink by each candidate angle and keep
 * the one whose row histogram is sharpest (text lines fall into few rows, gaps into empty ones).
 * Coarse steps over ±maxDegrees, then a fine search around the best.
 */
export function estimateSkewDegrees(img: GrayImage, threshold: number, maxDegrees = 5): number {
  const { width: w, height: h, data } = img;
  // Ink coordinates, thinned to at most ~150k points: plenty for the profile, and fast.
  let ink = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! <= threshold) ink++;
  if (ink < 50) return 0;
  const stride = Math.max(1, Math.ceil(ink / 150_000));
  const xs: number[] = [], ys: number[] = [];
  let seen = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[y * w + x]! <= threshold && seen++ % stride === 0) { xs.push(x); ys.push(y); }
    }
  }
  const margin = Math.ceil(w * Math.tan((maxDegrees * Math.PI) / 180)) + 2;
  const bins = new Float64Array(h + 2 * margin);
  const sharpness = (degrees: number): number => {
    const t = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! - xs[i]! * t) + margin]! += 1;
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  const search = (from: number, to: number, step: number): number => {
    let best = 0, bestScore = -1;
    for (let a = from; a <= to + 1e-9; a += step) {
      const score = sharpness(a);
      if (score > bestScore) { bestScore = score; best = a; }
    }
    return best;
  };
  const coarse = search(-maxDegrees, maxDegrees, 0.25);
  const fine = search(coarse - 0.25, coarse + 0.25, 0.05);
  return Math.round(fine * 100) / 100;
}

/** Rotates about the centre by `degrees` (positive: clockwise on screen), bilinear, white where the page was not. */
export function rotate(img: GrayImage, degrees: number): GrayImage {
  const { width: w, height: h, data: src } = img;
  if (Math.abs(degrees) < 0.01) return img;
  const out = new Uint8Array(w * h);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a), sin = Math.sin(a);
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Inverse map: where in the source this output pixel came from.
      const dx = x - cx, dy = y - cy;
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) { out[y * w + x] = 255; continue; }
      const fx = sx - x0, fy = sy - y0;
      const p = y0 * w + x0;
      const top = src[p]! * (1 - fx) + src[p + 1]! * fx;
      const bottom = src[p + w]! * (1 - fx) + src[p + w + 1]! * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Erases ruled lines (table rules, the boxes of boxed headers) from a binarised page: long, nearly
 * solid runs of ink, longer than any letter's stroke. Tesseract otherwise reads a rule under a table
 * header as part of the header's letters ("Item" becomes "Wem") and the PO reader loses the columns.
 * A thin rule comes out of a scan broken and stepped, so each pair of neighbouring pixel rows is
 * searched together and gaps of a few pixels are bridged; where a letter touches the rule, the ink
 * across it is thicker than a rule and is kept.
 */
export function removeRules(binary: GrayImage): GrayImage {
  const { width: w, height: h, data } = binary;
  const out = new Uint8Array(data);
  const ink = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && data[y * w + x] === 0;
  const MAX_RULE_THICKNESS = 5; // pixels: a 1 pt rule at 300 dpi is 4
  const GAP = 6;
  const DENSITY = 0.8;
  const THIN_SHARE = 0.8;
  const minHorizontal = Math.max(30, Math.round(w * 0.02));
  const minVertical = Math.max(40, Math.round(h * 0.03));

  /** The ink run through (x, y) along one axis, if it is no thicker than a rule. */
  const thinRun = (x: number, y: number, dx: number, dy: number): [number, number] | undefined => {
    let before = 0, after = 0;
    while (ink(x - (before + 1) * dx, y - (before + 1) * dy) && before <= MAX_RULE_THICKNESS) before++;
    while (ink(x + (after + 1) * dx, y + (after + 1) * dy) && after <= MAX_RULE_THICKNESS) after++;
    return before + after + 1 <= MAX_RULE_THICKNESS ? [before, after] : undefined;
  };

  /**
   * Finds long, dense runs along one line of pixels (bridging small breaks) and erases them where the
   * ink across is rule-thin. A row through the tops of bold letters is dense too, but letters' stems
   * make it thick at many points: a run counts as a rule only when nearly all of it is thin.
   */
  const eraseRules = (length: number, isInk: (i: number) => boolean, minLength: number, thinAt: (i: number) => (() => void) | undefined): void => {
    let start = -1, last = -1, count = 0;
    const close = () => {
      if (start >= 0 && last - start + 1 >= minLength && count / (last - start + 1) >= DENSITY) {
        const erasers: (() => void)[] = [];
        for (let i = start; i <= last; i++) {
          if (!isInk(i)) continue;
          const erase = thinAt(i);
          if (erase) erasers.push(erase);
        }
        if (erasers.length >= count * THIN_SHARE) erasers.forEach((erase) => erase());
      }
      start = -1; count = 0;
    };
    for (let i = 0; i < length; i++) {
      if (!isInk(i)) continue;
      if (start >= 0 && i - last > GAP) close();
      if (start < 0) start = i;
      last = i;
      count++;
    }
    close();
  };

  // Horizontal rules: rows y and y+1 together; at each x, the vertical run of ink there.
  for (let y = 0; y < h - 1; y++) {
    eraseRules(w, (x) => ink(x, y) || ink(x, y + 1), minHorizontal, (x) => {
      const from = ink(x, y) ? y : y + 1;
      const run = thinRun(x, from, 0, 1);
      return run && (() => { for (let yy = from - run[0]; yy <= from + run[1]; yy++) out[yy * w + x] = 255; });
    });
  }
  // Vertical rules: columns x and x+1 together; at each y, the horizontal run of ink there.
  for (let x = 0; x < w - 1; x++) {
    eraseRules(h, (y) => ink(x, y) || ink(x + 1, y), minVertical, (y) => {
      const from = ink(x, y) ? x : x + 1;
      const run = thinRun(from, y, 1, 0);
      return run && (() => { for (let xx = from - run[0]; xx <= from + run[1]; xx++) out[y * w + xx] = 255; });
    });
  }
  return { width: w, height: h, data: out };
}

/** Enlarges by a whole factor, bilinear (tesseract reads best with capitals ~30 px high; a 200 dpi scan of 8 pt text has 15). */
export function upscale(img: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return img;
  const { width: sw, height: sh, data: src } = img;
  const w = sw * factor, h = sh * factor;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(sh - 1.001, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(sy), fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(sw - 1.001, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(sx), fx = sx - x0;
      const p = y0 * sw + x0;
      const top = src[p]! * (1 - fx) + src[p + 1]! * fx;
      const bottom = src[p + sw]! * (1 - fx) + src[p + sw + 1]! * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: w, height: h, data: out };
}

/** Standard deviation of the paper's gray: a clean scan is near 0, a noisy fax 25 or more. */
export function paperNoise(img: GrayImage, threshold: number): number {
  let n = 0, sum = 0, sumSquares = 0;
  for (let i = 0; i < img.data.length; i += 3) {
    const v = img.data[i]!;
    if (v <= threshold) continue;
    n++; sum += v; sumSquares += v * v;
  }
  return n ? Math.sqrt(Math.max(0, sumSquares / n - (sum / n) ** 2)) : 0;
}

/** Above this paper noise the median runs before enlarging (it must take out specks a pixel wide). */
const NOISY_PAPER = 18;

/**
 * The whole cleanup for OCR: grayscale pixels in, a straight black-and-white page out, enlarged by
 * `scale`. The order matters: a median at the scan's own resolution also rubs out commas and
 * decimal points of small print, so on a clean scan it runs after enlarging; on a noisy one it
 * must run first, or the noise grows with the page.
 */
export function cleanupForOcr(gray: GrayImage, options: { maxSkewDegrees?: number; scale?: number } = {}): CleanedImage {
  const scale = Math.max(1, Math.round(options.scale ?? 1));
  const noisy = paperNoise(gray, inkThreshold(gray)) > NOISY_PAPER;
  const smooth = noisy ? upscale(medianFilter3(gray), scale) : medianFilter3(upscale(gray, scale));
  const firstThreshold = inkThreshold(smooth);
  const skewDegrees = estimateSkewDegrees(smooth, firstThreshold, options.maxSkewDegrees ?? 5);
  const straight = rotate(smooth, -skewDegrees);
  const threshold = inkThreshold(straight);
  const contrast = contrastAt(straight, threshold);
  const image = removeRules(binarise(straight, threshold));
  let ink = 0;
  for (let i = 0; i < image.data.length; i++) if (image.data[i] === 0) ink++;
  return { image, skewDegrees, threshold, inkFraction: ink / image.data.length, contrast, scale, noisy };
}
