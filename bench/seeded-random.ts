// Moved to src/random.ts (the semantic layer needs it at run time); benches and fakes import it from here.
export { seededRandom } from '../src/random.js';
