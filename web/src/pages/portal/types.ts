// Shapes of the public portal's answers (/api/public): the server's own types (type-only
// imports; the routes' schemas leave these answers open).
import type { readPublicNeighbours } from '../../../../src/portal/read.ts';
import type { presentCaptcha, publicFeedback } from '../../../../src/portal/routes.ts';

export type {
  PublicFrameworkResult,
  PublicRecognition,
  PublicUnit,
} from '../../../../src/portal/read.ts';

/** GET /api/public/units/{code}/neighbours */
export type PublicNeighbours = Awaited<ReturnType<typeof readPublicNeighbours>>;
export type PublicFeedback = ReturnType<typeof publicFeedback>;
export type Captcha = ReturnType<typeof presentCaptcha>;
