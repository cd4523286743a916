/**
 * The effective parameters of a run: one configuration serves every input (no per-dataset
 * switches). The types live in ../types.ts (the public types); re-exported here for the pipeline.
 */
export { RELATIONS, DUPLICATE_RELATIONS, DEFAULT_OPTIONS, type Relation, type Options, type Bands } from '../types.js';
export { bandsFor, LSH_WEIGHTS } from '../candidates/lshParams.js';
