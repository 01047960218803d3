// The reference page's script: what a page using Workbox's background sync does on a click. What
// the person learns is what fetch answered: the server's status, or (network down) that the worker
// saved it for later.
navigator.serviceWorker.register('/peer/sw.js', { scope: '/peer/' });

function show(id, name, state) {
  let item = document.querySelector(`li[data-id="${id}"]`);
  if (!item) {
    item = document.createElement('li');
    item.dataset.id = id;
    item.innerHTML = '<span class="name"></span> <span class="stage"></span>';
    item.querySelector('.name').textContent = name;
    document.getElementById('submissions').prepend(item);
  }
  item.querySelector('.stage').textContent = state;
}

async function send(name, image) {
  const id = crypto.randomUUID();
  const pressed_at = new Date().toISOString();
  show(id, name, 'sending…');
  let body;
  const headers = {};
  if (image) {
    body = new FormData();
    body.append('id', id);
    body.append('name', name);
    body.append('pressed_at', pressed_at);
    body.append('image', image, image.name);
  } else {
    body = JSON.stringify({ id, name, pressed_at });
    headers['Content-Type'] = 'application/json';
  }
  try {
    const response = await fetch('/sync', { method: 'POST', headers, body });
    show(id, name, response.ok ? 'sent' : `failed: the server answered ${response.status}`);
  } catch {
    show(id, name, 'queued: it will be sent when the network is back');
  }
}

document.querySelector('.J_sync_event').addEventListener('click', () => {
  const input = document.getElementById('input');
  const file = document.getElementById('image');
  send(input.value, file.files[0]);
  input.value = '';
  file.value = '';
});
