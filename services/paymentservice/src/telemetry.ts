// What the payment service tells its traces and metrics: the currency of a charge, its transaction
// id, and why charges are refused. Card data is never read.
import { createCounter, type SpanAttributeDeclarations } from '@boutique/kit';
import type { PaymentServiceHandlers } from '@boutique/kit/generated/hipstershop/PaymentService';
import type { RefusalReason } from './refusal';

/** The attributes Charge adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<PaymentServiceHandlers> = {
  Charge: ({ amount }, response) => ({
    'app.currency.code': amount?.currencyCode,
    'app.payment.transaction_id': response?.transactionId,
  }),
};

const refused = createCounter('app.payments.refused', { description: 'Charges refused, by reason' });

/** Counts a refused charge in `app.payments.refused`, labelled `app.payment.refusal.reason` (a fixed code). */
export function countRefusal(reason: RefusalReason): void {
  refused.add(1, { 'app.payment.refusal.reason': reason });
}
