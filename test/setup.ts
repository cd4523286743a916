// jest's require() cannot load an ES module on Node 20: the language detector is loaded by import() here
import { loadDetector } from '../src/text/lang.js';

await loadDetector();
