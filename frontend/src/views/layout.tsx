import type { ComponentChildren } from 'preact';
import type { Platform } from '../config';
import { type Frame, staticUrl } from './frame';

const PLATFORM_LABELS: Record<Platform, string> = {
  local: 'local',
  gcp: 'Google Cloud',
  azure: 'Azure',
  aws: 'AWS',
  onprem: 'On-Premises',
  alibaba: 'Alibaba Cloud',
};

const CURRENCY_NAMES: Record<string, string> = {
  USD: 'US dollar',
  EUR: 'Euro',
  CAD: 'Canadian dollar',
  JPY: 'Japanese yen',
  GBP: 'Pound sterling',
  TRY: 'Turkish lira',
};

function CurrencySelector({ frame, currencies }: { frame: Frame; currencies: readonly string[] }) {
  return (
    <form class="currency-form" method="post" action={`${frame.baseUrl}/setCurrency`}>
      <label for="currency_code">Currency</label>
      <select id="currency_code" name="currency_code" data-autosubmit="">
        {currencies.map((code) => (
          <option value={code} selected={code === frame.currency}>
            {code} · {CURRENCY_NAMES[code] ?? code}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-small" data-autosubmit-button="">
        Change
      </button>
    </form>
  );
}

function Header({ frame }: { frame: Frame }) {
  const count = frame.cartCount;
  return (
    <header class="site-header">
      <div class="container header-bar">
        <a class="brand" href={`${frame.baseUrl}/`}>
          <img src={staticUrl(frame, frame.brand.logo)} alt="" width={36} height={36} />
          <span>{frame.brand.name}</span>
        </a>
        <search class="search-form">
          <form method="get" action={`${frame.baseUrl}/search`}>
            <label for="search-q" class="visually-hidden">
              Search products
            </label>
            <input id="search-q" type="search" name="q" value={frame.query ?? ''} placeholder="Search products" />
            <button type="submit" class="icon-button" aria-label="Search">
              <img src={staticUrl(frame, 'icons/search.svg')} alt="" width={20} height={20} />
            </button>
          </form>
        </search>
        <div class="header-tools">
          {frame.currencies && <CurrencySelector frame={frame} currencies={frame.currencies} />}
          {count !== undefined && (
            <a
              class="cart-link"
              href={`${frame.baseUrl}/cart`}
              aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}
            >
              <img src={staticUrl(frame, 'icons/cart.svg')} alt="" width={26} height={26} />
              {count > 0 && (
                <span class="cart-badge" aria-hidden="true">
                  {count}
                </span>
              )}
            </a>
          )}
        </div>
      </div>
    </header>
  );
}

function Footer({ frame }: { frame: Frame }) {
  return (
    <footer class="site-footer">
      <div class="container">
        <p>
          {frame.brand.name} is a demonstration shop: nothing is for sale, no card is charged and no parcel is sent.
        </p>
        <p>© {frame.year} Online Boutique in TypeScript, built on the open hipstershop contract.</p>
        <p class="footer-ids">
          <span>
            session-id: <code>{frame.sessionId}</code>
          </span>
          <span>
            request-id: <code>{frame.requestId}</code>
          </span>
          {frame.hostname && (
            <span>
              Pod: <code>{frame.hostname}</code>
            </span>
          )}
        </p>
      </div>
    </footer>
  );
}

/** The page frame every page shares: head, banners, header, main content and footer. */
export function Layout({ frame, title, children }: { frame: Frame; title?: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} · ${frame.brand.name}` : frame.brand.name}</title>
        <link rel="icon" type="image/svg+xml" href={staticUrl(frame, frame.brand.favicon)} />
        <link rel="stylesheet" href={frame.assets.css} />
        <script src={frame.assets.js} defer />
      </head>
      <body class={`theme-${frame.brand.theme}`}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <div class={`platform-banner platform-${frame.platform}`}>
          <span>{PLATFORM_LABELS[frame.platform]}</span>
        </div>
        {frame.message && (
          <div class="message-bar" role="status">
            {frame.message}
          </div>
        )}
        <Header frame={frame} />
        <main id="main" class="container">
          {frame.notice && (
            <p class="notice" role="status">
              {frame.notice}
            </p>
          )}
          {children}
        </main>
        <Footer frame={frame} />
      </body>
    </html>
  );
}
