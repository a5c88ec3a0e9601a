import type { EmbeddedAzurite } from '../../storage/azurite';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __AZURITE__?: EmbeddedAzurite }).__AZURITE__?.close();
}
