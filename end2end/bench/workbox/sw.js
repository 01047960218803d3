// The reference: Workbox's way of sending a form when the network allows, as its documentation
// teaches ("Retrying requests when back online"): a NetworkOnly route for POST /sync carrying a
// BackgroundSyncPlugin. Bundled by esbuild (scripts/bench.sh, pinned in end2end/package.json) into
// target/bench/peer/sw.js; the release server serves it at /peer/ (OUTBOX_PEER_DIR), so both
// systems post to the same /sync and the same database.
import { clientsClaim } from 'workbox-core';
import { registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { BackgroundSyncPlugin } from 'workbox-background-sync';

self.skipWaiting();
clientsClaim();

// Kept up to a day (minutes), as Outbox's retention is measured in days.
const backgroundSync = new BackgroundSyncPlugin('outbox-reference', { maxRetentionTime: 24 * 60 });

registerRoute(({ url }) => url.pathname === '/sync', new NetworkOnly({ plugins: [backgroundSync] }), 'POST');
