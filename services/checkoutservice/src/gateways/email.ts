import { createClient, hipstershop } from '@boutique/kit';
import type { EmailPort } from '../ports';
import { call } from './errors';

/** The email service over gRPC, bounded by `deadlineMs`. */
export function emailGateway(address: string, deadlineMs: number): EmailPort {
  const client = createClient(hipstershop.EmailService, address);
  return {
    async sendOrderConfirmation(email, order) {
      await call('email service', deadlineMs, (options) => client.SendOrderConfirmation({ email, order }, options));
    },
  };
}
