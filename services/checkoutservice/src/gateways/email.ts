import type { UnaryClient } from '@boutique/kit';
import type { EmailServiceDefinition } from '@boutique/kit/generated/hipstershop/EmailService';
import type { EmailPort } from '../ports';
import { callDependency } from './call-dependency';

/** Checkout's view of the email service: the confirmation bounded by `deadlineMs`. */
export function emailGateway(
  client: UnaryClient<EmailServiceDefinition>,
  { deadlineMs }: { deadlineMs: number },
): EmailPort {
  return {
    async sendOrderConfirmation(email, order) {
      await callDependency('email service', deadlineMs, (options) =>
        client.SendOrderConfirmation({ email, order }, options),
      );
    },
    reachable: () => client.connected({ deadlineMs }),
  };
}
