export { type Interval, withheldBounds } from './bounds.js';
export { protectTable, type Suppression } from './protect.js';
export { type Cell, isWithheld, type Line, linesOf, protectionWidth, shapeOf, type TableShape } from './table.js';
export { type CarriedCell, markPrimary, protectDraft } from './apply.js';
