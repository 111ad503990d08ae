import type { Frame } from './frame';
import { Layout } from './layout';
import { type PricedProduct, ProductGrid } from './parts';

export function SearchPage({
  frame,
  query,
  results,
}: {
  frame: Frame;
  query: string;
  results: readonly PricedProduct[];
}) {
  const count = `${results.length} ${results.length === 1 ? 'product' : 'products'}`;
  return (
    <Layout frame={frame} title={query ? `Search: ${query}` : 'All products'}>
      <h1 class="page-title">{query ? <>Results for “{query}”</> : 'All products'}</h1>
      <p class="muted" role="status">
        {count}
      </p>
      {results.length > 0 ? (
        <ProductGrid frame={frame} items={results} />
      ) : (
        <p>
          Nothing matches that search. Try another word, or <a href={`${frame.baseUrl}/`}>browse every product</a>.
        </p>
      )}
    </Layout>
  );
}
