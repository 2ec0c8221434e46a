/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'puppeteer-core';

/**
 * Layout faults of a page as a person would see them, measured in the browser: what is wider
 * than the viewport, text that does not fit its box, and text drawn past the edge of an SVG or a
 * canvas (uPlot draws its axes on a canvas, where no DOM measure reaches: the probe below records
 * every string drawn there with its drawn extent, so a tick label cut by the canvas edge shows
 * whatever size uPlot was told to give the axis).
 */
export interface LayoutFaults {
  /** document.documentElement.scrollWidth, and the viewport's width it must not exceed. */
  pageWidth: number;
  viewport: number;
  /** Elements whose box reaches past the viewport (the outermost of each nest), with their width. */
  wide: string[];
  /** Elements holding text whose content needs more room than their box gives. */
  clipped: string[];
  /** SVG text outside its drawing's viewBox. */
  svgText: string[];
  /** Canvas text drawn (partly) outside its canvas, or over another text of the same drawing (a tick label under the axis title). */
  canvasText: string[];
}

/** A string drawn on a canvas, its extent in canvas pixels; `pass` counts the canvas' clearings, so one drawing's texts share it. */
interface Drawn {
  chart: string;
  pass: number;
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

/** Installs the canvas probe before the page's scripts run: every fillText is recorded with its extent in canvas pixels. */
export async function probeCanvasText(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const drawn: Drawn[] = [];
    const passes = new WeakMap<HTMLCanvasElement, number>();
    (window as unknown as { canvasText: Drawn[] }).canvasText = drawn;
    const clearRect = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (this: CanvasRenderingContext2D, x: number, y: number, w: number, h: number) {
      if (w >= this.canvas.width && h >= this.canvas.height) passes.set(this.canvas, (passes.get(this.canvas) ?? 0) + 1);
      return clearRect.call(this, x, y, w, h);
    };
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (
      this: CanvasRenderingContext2D,
      text: string,
      x: number,
      y: number,
      maxWidth?: number,
    ) {
      const m = this.measureText(text);
      const t = this.getTransform();
      // The text's box around its anchor, through the current transform (rotated axis titles included).
      const corners = [x - m.actualBoundingBoxLeft, x + m.actualBoundingBoxRight].flatMap((px) =>
        [y - m.actualBoundingBoxAscent, y + m.actualBoundingBoxDescent].map(
          (py) => [t.a * px + t.c * py + t.e, t.b * px + t.d * py + t.f] as const,
        ),
      );
      drawn.push({
        chart: this.canvas.closest('.chart')?.id ?? '',
        pass: passes.get(this.canvas) ?? 0,
        text: String(text),
        left: Math.min(...corners.map((c) => c[0])),
        right: Math.max(...corners.map((c) => c[0])),
        top: Math.min(...corners.map((c) => c[1])),
        bottom: Math.max(...corners.map((c) => c[1])),
        width: this.canvas.width,
        height: this.canvas.height,
      });
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
  });
}

/** Runs in the page: the faults of its current layout. Details elements should be opened first, to measure what they hold. */
export function layoutFaults(): LayoutFaults {
  const name = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length > 0 ? `.${[...el.classList].join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  const viewport = document.documentElement.clientWidth;
  const elements = [...document.body.querySelectorAll('*')];
  const beyond = new Set(
    elements.filter((el) => {
      const rect = el.getBoundingClientRect();
      return rect.width > 0 && (rect.right > viewport + 0.5 || rect.left < -0.5);
    }),
  );
  const wide = [...beyond]
    .filter((el) => el.parentElement === null || !beyond.has(el.parentElement))
    .map(
      (el) =>
        `${name(el)}: ${Math.round(el.getBoundingClientRect().width)} px wide, right edge at ${Math.round(el.getBoundingClientRect().right)} px`,
    );
  const clipped = elements
    .filter((el) => el instanceof HTMLElement && (el.textContent ?? '').trim() !== '' && el.clientWidth > 0)
    .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
    .map((el) => `${name(el)}: needs ${el.scrollWidth}×${el.scrollHeight} px, has ${el.clientWidth}×${el.clientHeight}`);
  const svgText = [...document.querySelectorAll('svg')].flatMap((svg) => {
    const box = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('text')]
      .filter((text) => {
        const b = text.getBBox();
        return (
          b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5 || b.y + b.height > box.y + box.height + 0.5
        );
      })
      .map((text) => `svg text "${text.textContent}" outside the drawing`);
  });
  const drawn = (window as unknown as { canvasText?: Drawn[] }).canvasText ?? [];
  const at = (t: Drawn) => `"${t.text}" at x ${Math.round(t.left)}…${Math.round(t.right)}, y ${Math.round(t.top)}…${Math.round(t.bottom)}`;
  const outside = drawn
    .filter((t) => t.left < -0.5 || t.top < -0.5 || t.right > t.width + 0.5 || t.bottom > t.height + 0.5)
    .map((t) => `${t.chart}: ${at(t)} is past the edge of its ${t.width}×${t.height} canvas`);
  const overlapping = drawn.flatMap((a, i) =>
    drawn
      .slice(i + 1)
      .filter(
        (b) =>
          b.chart === a.chart &&
          b.pass === a.pass &&
          a.left < b.right - 0.5 &&
          b.left < a.right - 0.5 &&
          a.top < b.bottom - 0.5 &&
          b.top < a.bottom - 0.5,
      )
      .map((b) => `${a.chart}: ${at(a)} overlaps ${at(b)}`),
  );
  const canvasText = [...outside, ...overlapping];
  return { pageWidth: document.documentElement.scrollWidth, viewport, wide, clipped, svgText, canvasText: [...new Set(canvasText)] };
}
