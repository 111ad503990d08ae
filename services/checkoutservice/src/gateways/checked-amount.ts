import { type Money, money } from '@boutique/kit';

/**
 * A dependency's amount, checked: valid Money in the currency expected. Otherwise a plain Error (our
 * own services answered wrongly: INTERNAL), saying `<what> wrongly: <problem>`.
 */
export function checkedAmount(amount: Money | null | undefined, currencyCode: string, what: string): Money {
  const problem =
    money.problemWith(amount) ??
    (amount!.currencyCode === currencyCode
      ? undefined
      : currencyCode === 'USD'
        ? 'not in USD'
        : `got ${amount!.currencyCode}`);
  if (problem !== undefined) throw new Error(`${what} wrongly: ${problem}`);
  return amount!;
}
