import { DomainError } from '@boutique/kit';

/** Why a charge was refused: a short fixed code for metrics and dashboards, never card data. */
export type RefusalReason =
  | 'missing_amount'
  | 'invalid_amount'
  | 'negative_amount'
  | 'zero_amount'
  | 'unsupported_currency'
  | 'missing_card'
  | 'malformed_number'
  | 'invalid_number'
  | 'unknown_card_type'
  | 'unsupported_card_type'
  | 'invalid_expiration'
  | 'malformed_security_code'
  | 'expired';

/** A refused charge: INVALID_ARGUMENT on the wire with the message, plus the reason code for metrics. */
export class ChargeRefused extends DomainError {
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, message: string) {
    super('INVALID_ARGUMENT', message);
    this.name = 'ChargeRefused';
    this.reason = reason;
  }
}

/** A refusal for a reason, with the message the caller sees. */
export const refuse = (reason: RefusalReason, message: string) => new ChargeRefused(reason, message);
