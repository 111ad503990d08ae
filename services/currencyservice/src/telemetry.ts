// What the currency service tells its traces: the currencies of a conversion, never the amount.
import type { SpanAttributeDeclarations } from '@boutique/kit';
import type { CurrencyServiceHandlers } from '@boutique/kit/generated/hipstershop/CurrencyService';

/** The attributes Convert adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<CurrencyServiceHandlers> = {
  Convert: ({ from, toCode }) => ({ 'app.currency.from': from?.currencyCode, 'app.currency.to': toCode }),
};
