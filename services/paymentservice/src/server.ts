import { randomUUID } from 'node:crypto';
import { hipstershop, logger, money, type ServiceEntry, unary } from '@boutique/kit';
import type { PaymentServiceHandlers } from '@boutique/kit/generated/hipstershop/PaymentService';
import { yearMonthOf } from './card';
import { approveCharge } from './charge';
import { ChargeRefused } from './refusal';
import { countRefusal, spanAttributes } from './telemetry';

export interface PaymentDeps {
  /** The clock expiry is judged by (tests pass a fixed date). */
  now?: () => Date;
  /** The transaction id generator (a random UUID v4). */
  newTransactionId?: () => string;
}

/** The PaymentService: validates the card and amount, and returns a transaction id. Nothing is stored. */
export function paymentService({
  now = () => new Date(),
  newTransactionId = randomUUID,
}: PaymentDeps = {}): ServiceEntry {
  const handlers: PaymentServiceHandlers = {
    Charge: unary(
      (request) => {
        let approved: ReturnType<typeof approveCharge>;
        try {
          approved = approveCharge(request, yearMonthOf(now()));
        } catch (err) {
          // The message holds at most the last four digits; the request itself is never logged.
          if (err instanceof ChargeRefused) {
            logger().warn({ reason: err.reason, detail: err.message }, 'charge refused');
            countRefusal(err.reason);
          }
          throw err;
        }
        const transactionId = newTransactionId();
        const { card, amount } = approved;
        logger().debug(
          {
            transactionId,
            cardType: card.type,
            last4: card.last4,
            amount: money.toDecimalString(amount),
            currency: amount.currencyCode,
          },
          'charge approved',
        );
        return { transactionId };
      },
      { spanAttributes: spanAttributes.Charge },
    ),
  };
  return { service: hipstershop.PaymentService.service, handlers };
}
