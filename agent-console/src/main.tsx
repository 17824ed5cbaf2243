// Entry point of the agent and supervisor console (bundled by scripts/build-web.mjs).
import { render } from 'preact';
import { App } from './components/App.js';
import './styles.css';
import './compose.css';
import './canned.css';
import './files.css';
import './styles-history.css';
import './search.css';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
