// npm run cluster -- up|down|status: a real single-node Kubernetes on this machine, with the shop installed
// from helm-chart/ (see deploy/README.md). `up --no-shop` starts the cluster alone.
import { IMAGE_TAG } from '../deploy/podman';
import { ADMIN_KUBECONFIG } from './layout';
import { down, status, up } from './node';
import { frontendUrl, installChart, shopImages, waitForShop } from './shop';

const NAMESPACE = 'boutique';

async function main(command: string | undefined, flags: readonly string[]): Promise<void> {
  switch (command) {
    case 'up': {
      const withShop = !flags.includes('--no-shop');
      await up({ images: withShop ? shopImages(IMAGE_TAG) : [] });
      if (withShop) {
        installChart('boutique', NAMESPACE, IMAGE_TAG);
        const seconds = await waitForShop(NAMESPACE);
        console.log(`the shop is Ready in ${seconds.toFixed(0)} s at ${frontendUrl(NAMESPACE)} (from this host)`);
      }
      console.log(`kubectl --kubeconfig ${ADMIN_KUBECONFIG} get pods -A`);
      return;
    }
    case 'down':
      await down();
      console.log(JSON.stringify(status(), null, 2));
      return;
    case 'status':
      console.log(JSON.stringify(status(), null, 2));
      return;
    default:
      console.error('usage: npm run cluster -- up [--no-shop] | down | status');
      process.exitCode = 2;
  }
}

main(process.argv[2], process.argv.slice(3)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
