// The chart as a file: the SVG itself, or a PNG drawn from it at twice its size (sharp on slides).
// A file leaves the page, so it carries its title above the plot and, below it, the unit, source,
// the date the figures stand for and a citation line.
import { s } from './dom.js';
import { asOfLine, citation, type ReportInfo } from './exports.js';
import { t } from './i18n.js';

const LINE = 16;

/** Splits text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A copy of the chart with its title on top and the notes under it (the page shows them around it). */
export function withNotes(chart: SVGSVGElement, info: ReportInfo): SVGSVGElement {
  const width = Number(chart.getAttribute('width'));
  const height = Number(chart.getAttribute('height'));
  const chars = Math.floor(width / 6.4);
  const footer = [
    `${t('export.unit')}: ${info.unit}. ${asOfLine(info)}.`,
    ...wrap(`${t('export.sourceLabel')}: ${info.source}.`, chars),
    ...wrap(`${t('export.citation')}: ${citation(info)}`, chars),
  ];
  const top = 34;
  const total = top + height + footer.length * LINE + 12;
  const out = chart.cloneNode(true) as SVGSVGElement;
  const plot = s('g', { transform: `translate(0,${top})` }, ...[...out.childNodes].filter((n) => !['title', 'desc'].includes(n.nodeName)));
  out.replaceChildren(
    ...[...out.childNodes].filter((n) => ['title', 'desc'].includes(n.nodeName)),
    s('rect', { x: 0, y: 0, width, height: total, fill: '#fff' }),
    s('text', { x: 10, y: 22, 'font-size': 15, 'font-weight': 600, fill: '#111', class: 'export-title' }, info.title),
    plot,
    ...footer.map((line, i) =>
      s('text', { x: 10, y: top + height + 14 + i * LINE, 'font-size': 11, fill: '#333', class: 'export-note' }, line),
    ),
  );
  out.setAttribute('height', String(total));
  out.setAttribute('viewBox', `0 0 ${width} ${total}`);
  return out;
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

export function svgBlob(svg: SVGSVGElement): Blob {
  return new Blob([svgText(svg)], { type: 'image/svg+xml' });
}

export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const image = new Image();
  image.width = width;
  image.height = height;
  // A data: URL keeps the canvas untainted (and is allowed by the page's content security policy).
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText(svg))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  if (!context) throw new Error(t('export.noCanvas'));
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(t('export.noPng')))), 'image/png');
  });
}
