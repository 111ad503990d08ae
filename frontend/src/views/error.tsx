import { STATUS_CODES } from 'node:http';
import type { Frame } from './frame';
import { Layout } from './layout';
import { renderPage } from './render';

export interface ErrorView {
  readonly status: number;
  readonly title: string;
  readonly message: string;
  /** Things the shopper can fix, one per line (e.g. each invalid field). */
  readonly problems?: readonly string[];
  /** Where to go next. */
  readonly back?: { readonly href: string; readonly label: string };
}

/** A friendly error page: what happened, what to do, and the request id to quote; never internals. */
export function ErrorPage({ frame, view }: { frame: Frame; view: ErrorView }) {
  return (
    <Layout frame={frame} title={view.title}>
      <section class="error-page" aria-labelledby="error-title">
        <p class="error-status">
          {view.status} {STATUS_CODES[view.status] ?? ''}
        </p>
        <h1 id="error-title" class="page-title">
          {view.title}
        </h1>
        <p>{view.message}</p>
        {view.problems && view.problems.length > 0 && (
          <ul class="problems">
            {view.problems.map((problem) => (
              <li>{problem}</li>
            ))}
          </ul>
        )}
        <p class="muted">
          If you contact us about this, quote request id <code>{frame.requestId}</code>.
        </p>
        <p class="error-links">
          {view.back && (
            <a class="button" href={view.back.href}>
              {view.back.label}
            </a>
          )}
          <a href={`${frame.baseUrl}/`}>Back to the shop</a>
        </p>
      </section>
    </Layout>
  );
}

/** The error page as a complete document. */
export function renderErrorPage(frame: Frame, view: ErrorView): string {
  return renderPage(<ErrorPage frame={frame} view={view} />);
}
