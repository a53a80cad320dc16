import { AppError } from '../../src/errors.ts';

/** The AppError a use case refuses with; fails the test when it succeeds or throws anything else. */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
