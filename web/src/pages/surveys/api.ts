import { ApiError } from '../../api/client.ts';
import { invalidatePaths } from '../../api/query.ts';
import type { Res } from '../../api/types.ts';

// What the survey API answers, from the generated contract (src/surveys/schemas.ts → npm run gen:api).
export type CampaignListItem = Res<'/surveys'>['campaigns'][number];
export type Campaign = Res<'/surveys/{id}'>;
export type Results = Res<'/surveys/{id}/results'>;
export type OpenSurvey = Res<'/public/surveys/{code}'>;

/** An error of a query or mutation as the pages show it. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err));
}

/** After a survey write: the campaign, its households and results move together. */
export const invalidateSurveys = () => invalidatePaths('/surveys');
