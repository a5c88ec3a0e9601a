import type { InvokeResponse } from 'botbuilder';
import type { ErrorCode } from '../../domain/error-codes';

/**
 * The Universal Actions reply contract. The HTTP status is always 200: botbuilder would
 * copy an error `statusCode` into the HTTP status, and Teams shows any non-200 as a bot
 * failure instead of our message (seen with botbuilder 4.23 and the Agents Playground).
 */
export type AdaptiveCardInvokeBody =
  | { statusCode: 200; type: 'application/vnd.microsoft.card.adaptive'; value: object }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string }
  | { statusCode: 400 | 401 | 403 | 404 | 409 | 412 | 429 | 500 | 503; type: 'application/vnd.microsoft.error'; value: { code: ErrorCode; message: string } };

export function cardResponse(card: object): InvokeResponse<AdaptiveCardInvokeBody> {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

export function messageResponse(message: string): InvokeResponse<AdaptiveCardInvokeBody> {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message } };
}

export function errorResponse(
  statusCode: Extract<AdaptiveCardInvokeBody, { type: 'application/vnd.microsoft.error' }>['statusCode'],
  code: ErrorCode,
  message: string,
): InvokeResponse<AdaptiveCardInvokeBody> {
  return { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } } };
}
