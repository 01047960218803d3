// Outbox service worker shim. The spec wants every listener added on the first evaluation of the
// script, before anything async; so they are added here, and each event is handed to the Rust/wasm
// worker (crate `sw`) inside event.waitUntil(...) once the module is instantiated: one
// `OutboxWorker`, made once, owns the worker's state.
//
// The server puts the worker's config in when it starts (crates/outbox-axum/src/app_shell.rs), one JSON value
// (`outbox_protocol::WorkerConfig`): the shell's version (a hash of the worker's build and of every
// site file), its URLs, how long a navigation waits for the network, and the form the worker
// delivers (the default first). A new build is a new worker; a build that changed nothing is the same script. The wasm
// is kept in the shell's cache too: a worker started again while offline still has it
// (importScripts'd files are stored with the worker, fetched ones are not).
const OUTBOX = __OUTBOX_CONFIG__;
const WASM_URL = '/sw/outbox_sw_bg.wasm?v=' + OUTBOX.version;
const CACHE_NAME = 'outbox-sw-' + OUTBOX.version;
// Navigation preload (a navigation's request starts while the worker boots), on at `activate`, but
// not in Firefox (ESR 153), which fails a navigation whose preload failed (no server:
// NS_ERROR_NET_RESET) although the worker answers it from the shell. A bug of one engine, told by
// its name (no feature test can see it); turned off there, where an earlier version turned it on.
const NAVIGATION_PRELOAD = !/\bFirefox\//.test(navigator.userAgent);

// Registered as /sw.js?background-sync=off by a page whose browser has no Background Sync (or by a
// test that hides it): hide it here too, so the worker takes the same fallback as in such browsers.
if (new URL(self.location.href).searchParams.get('background-sync') === 'off') {
  delete self.SyncManager;
  delete ServiceWorkerRegistration.prototype.sync;
}

let loading = null;
function worker() {
  if (!loading) {
    loading = caches.match(WASM_URL)
      .then((cached) => cached || fetch(WASM_URL))
      .then((response) => wasm_bindgen({ module_or_path: response }))
      .then(() => new wasm_bindgen.OutboxWorker(JSON.stringify(OUTBOX)))
      .catch((error) => { loading = null; throw error; });
  }
  return loading;
}

// Start loading the wasm now, before the glue it needs (the glue is used once the wasm is found,
// after this script has run): the cache's lookup goes on while the glue loads. The event that woke
// the worker is dispatched once this script has run, and finds the load under way.
worker().catch(() => {});
importScripts('/sw/outbox_sw.js?v=' + OUTBOX.version);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE_NAME)
      .then((cache) => cache.add(WASM_URL))
      .then(worker)
      .then((w) => w.on_install(event)));
});

self.addEventListener('activate', (event) => {
  const preload = self.registration.navigationPreload;
  const preloading = preload && (NAVIGATION_PRELOAD ? preload.enable() : preload.disable())
    .catch((error) => console.warn('navigation preload is not available', error));
  event.waitUntil(Promise.all([preloading, worker().then((w) => w.on_activate(event))]));
});

// GETs, and a form posted by the browser itself to its address (pressed before hydration: the worker
// keeps it when the server cannot be reached). Every other request (what the page and the worker
// send) goes to the network untouched. Should the wasm fail to load, the network answers as if
// there were no worker.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  const formPost = request.method === 'POST' && request.mode === 'navigate'
    && OUTBOX.forms.some((form) => form.action === new URL(request.url).pathname);
  if (request.method !== 'GET' && !formPost) return;
  event.respondWith(worker().then((w) => (formPost ? w.on_form_post(event) : w.on_fetch(event)),
    () => fetch(request)));
});

self.addEventListener('message', (event) => {
  event.waitUntil(worker().then((w) => w.on_message(event)));
});

self.addEventListener('sync', (event) => {
  event.waitUntil(worker().then((w) => w.on_sync(event)));
});

// The network is back while the worker runs (the worker's own view can lag the browser's `sync`
// and the page's message by a moment): send what waits now, not at the next look.
self.addEventListener('online', () => {
  worker().then((w) => w.on_online()).catch((error) => console.warn('drain on online failed', error));
});
