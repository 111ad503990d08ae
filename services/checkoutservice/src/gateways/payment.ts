import { invalidArgument, status, type UnaryClient } from '@boutique/kit';
import type { PaymentServiceDefinition } from '@boutique/kit/generated/hipstershop/PaymentService';
import type { PaymentPort } from '../ports';
import { callDependency } from './call-dependency';

/**
 * Checkout's view of the payment service: a charge bounded by `deadlineMs`; a refused card is
 * INVALID_ARGUMENT with its reason.
 */
export function paymentGateway(
  client: UnaryClient<PaymentServiceDefinition>,
  { deadlineMs }: { deadlineMs: number },
): PaymentPort {
  return {
    async charge(amount, creditCard) {
      // One attempt only: a retried Charge could charge twice.
      const response = await callDependency(
        'payment service',
        deadlineMs,
        (options) => client.Charge({ amount, creditCard }, options),
        // The card is the user's: its refusal reaches them as it is (the original made it INTERNAL).
        (code, details) =>
          code === status.INVALID_ARGUMENT ? invalidArgument(`payment refused: ${details}`) : undefined,
      );
      return response.transactionId;
    },
    reachable: () => client.connected({ deadlineMs }),
  };
}
