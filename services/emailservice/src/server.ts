import { hipstershop, invalidArgument, type ServiceEntry, unary } from '@boutique/kit';
import type { EmailServiceHandlers } from '@boutique/kit/generated/hipstershop/EmailService';
import { renderConfirmation } from './confirmation';
import { emailAddressProblem } from './email-address';
import type { Mailer } from './mailer';
import { spanAttributes } from './telemetry';

/** The EmailService: validates the request, renders the confirmation and hands it to the mailer. */
export function emailService(mailer: Mailer): ServiceEntry {
  const handlers: EmailServiceHandlers = {
    SendOrderConfirmation: unary(
      async (request) => {
        const email = request.email.trim();
        const problem = emailAddressProblem(email);
        if (problem !== undefined) throw invalidArgument(`email ${problem}`);
        const confirmation = renderConfirmation(request.order);
        await mailer.send({ orderId: request.order!.orderId, to: email, ...confirmation });
        return {};
      },
      { spanAttributes: spanAttributes.SendOrderConfirmation },
    ),
  };
  return { service: hipstershop.EmailService.service, handlers };
}
