// A tiny SPA router: links swap #app's content with history.pushState, and on Billing the
// whole body is rebuilt (as some frameworks do).
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (!a) return;
  e.preventDefault();
  history.pushState({}, '', a.href);
  render();
});
window.addEventListener('popstate', render);
function render() {
  if (location.pathname.endsWith('/billing')) {
    document.body.innerHTML = '<nav><a href="/host-test/home" data-link>Home</a></nav><main id="app"><h1>Billing</h1></main>';
  } else {
    document.getElementById('app').innerHTML = '<h1>Home</h1><p>Fabrikam\'s own content.</p>';
  }
}
