// The one error body of the admin API (and of every other route): a machine code and a message
// written for the person who will read it.
import { Type, type Static } from 'typebox';

export const ApiError = Type.Object({ error: Type.String(), message: Type.String() });
export type ApiError = Static<typeof ApiError>;

/** Responses every admin route can give besides its own. */
export const errorResponses = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
} as const;
