// Shapes of the public portal's answers (/api/public), from the generated contract.
import type { Res, Schema } from '../../api/types.ts';

export type PublicUnit = Schema<'PublicUnit'>;
export type PublicFrameworkResult = Schema<'PublicFrameworkResult'>;
/** GET /api/public/units/{code}/neighbours */
export type PublicNeighbours = Schema<'PublicNeighbours'>;
export type PublicRecognition = Res<'/public/units/{code}/recognitions'>['recognitions'][number];
export type PublicFeedback = Schema<'PublicFeedback'>;
export type Captcha = Schema<'Captcha'>;
