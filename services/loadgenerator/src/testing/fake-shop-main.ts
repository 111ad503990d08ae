import { startFakeShop } from './fake-shop';

// The benchmark's target, run as its own process so it can be pinned to a different core than the generator.
startFakeShop().then((shop) => {
  process.stdout.write(`${shop.url}\n`);
  process.on('SIGTERM', () => void shop.close().then(() => process.exit(0)));
});
