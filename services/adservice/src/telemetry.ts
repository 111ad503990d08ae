// What the ad service tells its traces: how many ads it returned.
import type { SpanAttributeDeclarations } from '@boutique/kit';
import type { AdServiceHandlers } from '@boutique/kit/generated/hipstershop/AdService';

/** The attributes GetAds adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<AdServiceHandlers> = {
  GetAds: (_request, response) => ({ 'app.ads.count': response?.ads?.length }),
};
