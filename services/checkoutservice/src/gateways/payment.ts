import { createClient, hipstershop, invalidArgument, status } from '@boutique/kit';
import type { PaymentPort } from '../ports';
import { call } from './errors';

/** The payment service over gRPC, bounded by `deadlineMs`; a refused card is INVALID_ARGUMENT with its reason. */
export function paymentGateway(address: string, deadlineMs: number): PaymentPort {
  const client = createClient(hipstershop.PaymentService, address);
  return {
    async charge(amount, creditCard) {
      // One attempt only: a retried Charge could charge twice.
      const response = await call(
        'payment service',
        deadlineMs,
        (options) => client.Charge({ amount, creditCard }, options),
        // The card is the user's: its refusal reaches them as it is (the original made it INTERNAL).
        (code, details) =>
          code === status.INVALID_ARGUMENT ? invalidArgument(`payment refused: ${details}`) : undefined,
      );
      return response.transactionId;
    },
  };
}
